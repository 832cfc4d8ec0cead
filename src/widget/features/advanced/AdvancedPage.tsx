import { useState } from 'preact/hooks';
import type { MessageKey } from '../../i18n';
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';

export const ADVANCED_TABS = ['focus', 'distribution', 'refusals', 'heads'] as const;
export type AdvancedTab = (typeof ADVANCED_TABS)[number];

const TAB_TEXT: Record<AdvancedTab, { tab: MessageKey; heading: MessageKey; empty: MessageKey }> = {
  focus: { tab: 'advanced.tabs.focus', heading: 'advanced.focus.heading', empty: 'advanced.focus.empty' },
  distribution: {
    tab: 'advanced.tabs.distribution', heading: 'advanced.distribution.heading', empty: 'advanced.distribution.empty',
  },
  refusals: { tab: 'advanced.tabs.refusals', heading: 'advanced.refusals.heading', empty: 'advanced.refusals.empty' },
  heads: { tab: 'advanced.tabs.heads', heading: 'advanced.heads.heading', empty: 'advanced.heads.empty' },
};

/** The advanced settings page (Settings → our widget). Each tab is filled by a later issue. */
export interface AdvancedPageProps {
  initialTab?: AdvancedTab;
}

export default function AdvancedPage({ initialTab = 'focus' }: AdvancedPageProps) {
  const { t } = useUi();
  const [active, setActive] = useState<AdvancedTab>(initialTab);
  const text = TAB_TEXT[active];
  return (
    <div class="fr-advanced">
      <h1 class="fr-heading">{t('advanced.heading')}</h1>
      <div class="fr-tabs" role="tablist">
        {ADVANCED_TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            class="fr-tab"
            id={`fr-tab-${tab}`}
            data-fr-tab={tab}
            aria-selected={tab === active}
            aria-controls="fr-tabpanel"
            onClick={() => setActive(tab)}
          >
            {t(TAB_TEXT[tab].tab)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="fr-tabpanel" aria-labelledby={`fr-tab-${active}`} data-fr-tabpanel={active}>
        <h2 class="fr-subheading">{t(text.heading)}</h2>
        <EmptyState text={t(text.empty)} />
      </section>
    </div>
  );
}
