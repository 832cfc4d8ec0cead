import { useState } from 'preact/hooks';
import type { RefusalCatalog, Review } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import type { ConfirmReviewRequest, DecisionResult } from './api';
import { describeDecisionError, describeError } from './format';

export interface ConfirmFormProps {
  review: Review;
  catalog: RefusalCatalog;
  onConfirm(request: ConfirmReviewRequest): Promise<DecisionResult>;
  onCancel(): void;
}

/** Confirm lost, optionally with the head's reason (managers' stated reasons are often wrong) and a comment. */
export function ConfirmForm({ review, catalog, onConfirm, onCancel }: ConfirmFormProps) {
  const { t } = useUi();
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRequired = review.managerReasonId === null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (reasonRequired && reason === '') { setError(t('refusals.decision.errors.reason_required')); return; }
    setBusy(true);
    setError(null);
    try {
      const result = await onConfirm({
        ...(reason === '' ? {} : { correctedReasonId: Number(reason) }),
        ...(comment.trim() === '' ? {} : { comment: comment.trim() }),
      });
      if (result.kind === 'rejected') setError(describeDecisionError(t, result.reason));
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="fr-rf-form" data-fr-form="confirm" onSubmit={submit}>
      <label>
        {t('refusals.confirm.reason')}
        <select value={reason} onChange={(e) => setReason(e.currentTarget.value)} aria-invalid={reasonRequired && error !== null}>
          <option value="">{reasonRequired ? t('refusals.confirm.pickReason') : t('refusals.confirm.keepReason')}</option>
          {catalog.reasons.map((r) => <option key={r.id} value={String(r.id)}>{r.name}</option>)}
        </select>
      </label>
      <label>
        {t('refusals.confirm.comment')}
        <textarea value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      {error !== null && <p class="fr-rf-field-error" role="alert">{error}</p>}
      <div class="fr-rf-actions">
        <button type="submit" class="fr-rf-btn fr-rf-btn--primary" disabled={busy}>{t('refusals.confirm.submit')}</button>
        <button type="button" class="fr-rf-btn" onClick={onCancel}>{t('refusals.cancel')}</button>
      </div>
    </form>
  );
}
