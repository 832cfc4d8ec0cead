import { useState } from 'preact/hooks';
import { STATUS_LOST, STATUS_WON, toEpochMs, type UnixSeconds } from '../../../core/brand';
import type { RefusalCatalog } from '../../../core/refusals';
import { isUndecided } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { formatDateTime } from '../../ui/format';
import { useAppEnv } from '../app-env';
import type { ConfirmReviewRequest, DecisionResult, ReturnReviewRequest, ReviewDetail as ReviewDetailWire } from './api';
import { ConfirmForm } from './ConfirmForm';
import { formatValue } from './format';
import type { Names } from './people';
import { ReturnForm, type AdviceTemplate } from './ReturnForm';
import { StageTimeline } from './StageTimeline';

export interface ReviewDetailProps {
  detail: ReviewDetailWire;
  catalog: RefusalCatalog;
  names: Names;
  templates: readonly AdviceTemplate[];
  onConfirm(request: ConfirmReviewRequest): Promise<DecisionResult>;
  onReturn(request: ReturnReviewRequest): Promise<DecisionResult>;
}

/** One review: the facts a head decides on, then Confirm lost / Return to work. */
export function ReviewDetail({ detail, catalog, names, templates, onConfirm, onReturn }: ReviewDetailProps) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const [form, setForm] = useState<'none' | 'confirm' | 'return'>('none');
  const { review } = detail;
  const removed = t('refusals.removed');
  return (
    <article data-fr-review={review.id} data-fr-review-state={review.state}>
      <div class="fr-rf-row">
        <h3 class="fr-subheading">{detail.leadName}</h3>
        <button type="button" class="fr-rf-btn fr-rf-btn--link" onClick={() => env.openLead(review.leadId)}>{t('refusals.detail.openCard')}</button>
      </div>
      {detail.problem !== null && <p class="fr-rf-warning" role="status">{t('refusals.detail.problem', { problem: detail.problem })}</p>}
      <dl class="fr-rf-facts">
        <dt>{t('refusals.detail.reason')}</dt><dd data-fr-fact="reason">{names.reason(review.managerReasonId) ?? t('refusals.noReason')}</dd>
        <dt>{t('refusals.detail.value')}</dt><dd data-fr-fact="value">{formatValue(review.value, dates)}</dd>
        <dt>{t('refusals.detail.manager')}</dt><dd data-fr-fact="manager">{names.user(review.managerId) ?? removed}</dd>
        <dt>{t('refusals.detail.lostFrom')}</dt><dd data-fr-fact="lost-from">{lostFromName(detail, names) ?? t('refusals.unknown')}</dd>
        <dt>{t('refusals.detail.lostAt')}</dt><dd>{formatDateTime(toEpochMs(review.lostAt), dates)}</dd>
        <dt>{t('refusals.detail.activity')}</dt><dd data-fr-fact="activity">{t('refusals.detail.counts', { tasks: detail.taskCount, notes: detail.noteCount })}</dd>
      </dl>
      <StageTimeline path={detail.path} names={names} />
      <h4 class="fr-subheading">{t('refusals.detail.notes')}</h4>
      {detail.recentNotes.length === 0
        ? <p class="fr-rf-muted">{t('refusals.detail.noNotes')}</p>
        : (
          <ul class="fr-rf-notes">
            {newestFirst(detail.recentNotes).map((note) => (
              <li key={note.id}>
                <span class="fr-rf-muted">{formatDateTime(toEpochMs(note.createdAt as UnixSeconds), dates)} · {names.user(note.createdBy) ?? removed}</span>
                {'\n'}{note.text}
              </li>
            ))}
          </ul>
        )}
      {isUndecided(review) && form === 'none' && (
        <div class="fr-rf-actions">
          <button type="button" class="fr-rf-btn" data-fr-action="confirm" onClick={() => setForm('confirm')}>{t('refusals.confirm.open')}</button>
          <button type="button" class="fr-rf-btn fr-rf-btn--primary" data-fr-action="return" onClick={() => setForm('return')}>{t('refusals.return.open')}</button>
        </div>
      )}
      {form === 'confirm' && <ConfirmForm review={review} catalog={catalog} onConfirm={onConfirm} onCancel={() => setForm('none')} />}
      {form === 'return' && <ReturnForm review={review} catalog={catalog} templates={templates} onReturn={onReturn} onCancel={() => setForm('none')} />}
    </article>
  );
}

/**
 * The stage the deal was lost from. Backfilled reviews may not know it (the loss happened before
 * the service watched), but the stage path read from amoCRM's events does: the last stage before
 * the lost one.
 */
function lostFromName(detail: ReviewDetailWire, names: Names): string | null {
  const { review } = detail;
  if (review.lostFromStatusId !== null) return names.status(review.pipelineId, review.lostFromStatusId);
  const before = [...detail.path].reverse().find((step) => step.statusId !== STATUS_LOST && step.statusId !== STATUS_WON);
  return before === undefined ? null : names.status(before.pipelineId, before.statusId);
}

/** Notes newest first, whatever order they arrive in. */
const newestFirst = <T extends { createdAt: number; id: number }>(notes: readonly T[]): T[] =>
  [...notes].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
