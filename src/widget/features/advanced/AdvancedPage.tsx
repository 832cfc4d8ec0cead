import { useState } from 'preact/hooks';
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { LazySection } from '../../ui/LazySection';
import { useAppEnv } from '../app-env';
import { ADVANCED_TABS, type AdvancedTabDef } from './tabs';
import WebhookAlarm from './WebhookAlarm';

export type AdvancedTab = AdvancedTabDef['id'];

/** The advanced settings page (Settings → our widget): one tab per feature (./tabs.ts). */
export interface AdvancedPageProps {
  initialTab?: AdvancedTab;
}

export default function AdvancedPage({ initialTab = 'focus' }: AdvancedPageProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const tabs = ADVANCED_TABS.filter((tab) => tab.visible === undefined || tab.visible(env));
  const [active, setActive] = useState<AdvancedTab>(initialTab);
  const current = tabs.find((tab) => tab.id === active) ?? tabs[0];
  if (!current) return null;
  return (
    <div class="fr-advanced">
      <h1 class="fr-heading">{t('advanced.heading')}</h1>
      {env.user.isAdmin && <WebhookAlarm />}
      <div class="fr-tabs" role="tablist">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            class="fr-tab"
            id={`fr-tab-${tab.id}`}
            data-fr-tab={tab.id}
            aria-selected={tab.id === current.id}
            aria-controls="fr-tabpanel"
            onClick={() => setActive(tab.id)}
          >
            {t(tab.tab)}
          </button>
        ))}
      </div>
      <section role="tabpanel" id="fr-tabpanel" aria-labelledby={`fr-tab-${current.id}`} data-fr-tabpanel={current.id}>
        <h2 class="fr-subheading">{t(current.heading)}</h2>
        {current.load ? <LazySection key={current.id} id={current.id} load={current.load} props={{}} /> : <EmptyState text={t(current.empty)} />}
      </section>
    </div>
  );
}
