import type { EpochMs, LeadId } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { formatTime } from '../../ui/format';
import { EmptyState } from '../../ui/EmptyState';
import { LazySection } from '../../ui/LazySection';
import { useAppEnv } from '../app-env';
import { CARD_SECTIONS } from './sections';

export interface CardBlockProps {
  leadId: LeadId;
  renderedAt: EpochMs;
}

/** The block in the lead card's right panel (location `lcard-1`): one section per feature (./sections.ts). */
export default function CardBlock({ leadId, renderedAt }: CardBlockProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const sections = CARD_SECTIONS.filter((s) => s.visible === undefined || s.visible(env));
  return (
    <section class="fr-card" data-fr-lead-id={leadId}>
      <h3 class="fr-subheading">{t('card.heading')}</h3>
      {sections.length === 0
        ? <EmptyState text={t('card.empty')} />
        : sections.map((s) => <LazySection key={`${s.id}:${leadId}`} id={s.id} load={s.load} props={{ leadId }} />)}
      <p class="fr-muted">{t('card.updated', { time: formatTime(renderedAt, dates) })}</p>
    </section>
  );
}
