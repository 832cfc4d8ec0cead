import type { EpochMs, LeadId } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { EmptyState } from '../../ui/EmptyState';
import { formatTime } from '../../ui/format';

export interface CardBlockProps {
  leadId: LeadId;
  renderedAt: EpochMs;
}

/** The block in the lead card's right panel (location `lcard-1`). Review and advice come later. */
export default function CardBlock({ leadId, renderedAt }: CardBlockProps) {
  const { t, dates } = useUi();
  return (
    <section class="fr-card" data-fr-lead-id={leadId}>
      <h3 class="fr-subheading">{t('card.heading')}</h3>
      <EmptyState text={t('card.empty')} />
      <p class="fr-muted">{t('card.updated', { time: formatTime(renderedAt, dates) })}</p>
    </section>
  );
}
