import { useUi } from '../../ui/context';
import type { SessionSummary } from '../../../core/focus';
import type { DroppedDeal } from './deal-check';

/** The end of a session: what was done, how long it took, and deals that left the queue on their own. */
export function FocusSummary({ summary, dropped, onClose }: { summary: SessionSummary; dropped: readonly DroppedDeal[]; onClose(): void }) {
  const { t } = useUi();
  const rows: Array<[string, string, number | string]> = [
    ['worked', t('focus.summary.worked'), summary.worked],
    ['skipped', t('focus.summary.skipped'), summary.skipped],
    ['snoozed', t('focus.summary.snoozed'), summary.snoozed],
    ['moved', t('focus.summary.moved'), summary.movedStage],
    ['tasks', t('focus.summary.tasks'), summary.tasksSet],
    ['time', t('focus.summary.time'), t('focus.summary.minutes', { minutes: Math.round(summary.durationMs / 60_000) })],
  ];
  return (
    <section data-fr-focus-summary="">
      <h2 class="fr-heading">{t('focus.summary.title')}</h2>
      {summary.reason && <p class="fr-muted" data-fr-end-reason={summary.reason}>{t(`focus.summary.reason.${summary.reason}`)}</p>}
      <dl class="fr-summary">
        {rows.map(([id, label, value]) => [<dt key={`${id}-l`}>{label}</dt>, <dd key={id} data-fr-stat={id}>{value}</dd>])}
      </dl>
      {dropped.length > 0 && (
        <>
          <p class="fr-subheading">{t('focus.summary.dropped')}</p>
          <ul data-fr-dropped="">
            {dropped.map((d) => <li key={d.dealId}>{d.name ?? `#${d.dealId}`} — {t(`focus.summary.dropped_reason.${d.reason.kind}`)}</li>)}
          </ul>
        </>
      )}
      <button type="button" class="fr-btn" onClick={onClose}>{t('focus.summary.close')}</button>
    </section>
  );
}
