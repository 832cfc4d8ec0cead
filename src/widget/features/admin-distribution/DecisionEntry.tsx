import type { EpochMs } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import type { DecisionLogEntry } from '../../service-client';
import { describeVerdict } from './describe-decision';

/** One decision: when, what happened, and every candidate with the reason. */
export interface DecisionLead { id: number; name: string | null; unreadable: boolean; open(): void }

export function DecisionEntry({ entry, nameOf, lead }: { entry: DecisionLogEntry; nameOf: (id: number) => string; lead?: DecisionLead }) {
  const { t, dates } = useUi();
  const when = formatDateTime(Date.parse(entry.at) as EpochMs, dates);
  const outcome = entry.kind === 'assigned'
    ? t('distribution.log.assigned', { name: nameOf(entry.userId), why: t(`distribution.why.${entry.why}`) })
    : entry.kind === 'held' ? t('distribution.log.held') : t(`distribution.ignored.${entry.reason}`);
  return (
    <li class="fr-decision" data-fr-decision={entry.id} data-fr-decision-kind={entry.kind}>
      <p>
        {lead?.name
          ? <button type="button" class="fr-link" data-fr-open-lead={entry.leadId} onClick={lead.open}><strong>{lead.name}</strong></button>
          : <strong data-fr-lead-unreadable={lead?.unreadable ? '' : undefined}>{t('distribution.log.lead', { id: entry.leadId })}</strong>} · {when} · {t(`distribution.trigger.${entry.trigger}`)}
      </p>
      <p data-fr-decision-outcome="">{outcome}</p>
      {entry.kind !== 'ignored' && (
        <ul class="fr-candidates">
          {entry.candidates.map((verdict) => (
            <li key={verdict.userId} data-fr-candidate={verdict.userId} data-fr-candidate-status={verdict.status}>
              {nameOf(verdict.userId)}: {describeVerdict(t, verdict, nameOf, dates)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
