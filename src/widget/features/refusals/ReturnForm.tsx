import { useState } from 'preact/hooks';
import type { RefusalCatalog, Review } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { useAppEnv } from '../app-env';
import type { DecisionResult, ReturnReviewRequest } from './api';
import { parseLocalDateTime } from './due-input';
import { describeDecisionError, describeError } from './format';

export interface AdviceTemplate { id: string; title: string; text: string }

export interface ReturnFormProps {
  review: Review;
  catalog: RefusalCatalog;
  templates: readonly AdviceTemplate[];
  onReturn(request: ReturnReviewRequest): Promise<DecisionResult>;
  onCancel(): void;
}

const stageKey = (pipelineId: number, statusId: number): string => `${pipelineId}:${statusId}`;

/** Return to work: stage (default: the one it was lost from), responsible (default: the same manager), advice (required), due. */
export function ReturnForm({ review, catalog, templates, onReturn, onCancel }: ReturnFormProps) {
  const { t } = useUi();
  const env = useAppEnv();
  const [stage, setStage] = useState(review.lostFromStatusId === null ? '' : stageKey(review.pipelineId, review.lostFromStatusId));
  const [responsible, setResponsible] = useState(String(review.managerId));
  const [advice, setAdvice] = useState('');
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<{ advice?: string; due?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const pipelines = catalog.pipelines.filter((p) => !p.isArchive);
  const people = catalog.users.filter((u) => u.isActive || u.id === review.managerId);

  const submit = async (event: Event) => {
    event.preventDefault();
    const dueAt = due === '' ? null : parseLocalDateTime(due, env.account.timeZone);
    const found = {
      ...(advice.trim() === '' ? { advice: t('refusals.decision.errors.advice_required') } : {}),
      ...(due !== '' && dueAt === null ? { due: t('refusals.return.badDue') } : {}),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const [pipelineId, statusId] = stage === '' ? [] : stage.split(':').map(Number);
    setBusy(true);
    try {
      const result = await onReturn({
        advice: advice.trim(),
        ...(pipelineId === undefined || statusId === undefined ? {} : { pipelineId, statusId }),
        ...(Number(responsible) === review.managerId ? {} : { responsibleUserId: Number(responsible) }),
        ...(dueAt === null ? {} : { dueAt }),
      });
      if (result.kind === 'rejected') {
        const message = describeDecisionError(t, result.reason);
        setErrors(result.reason === 'advice_required' ? { advice: message }
          : result.reason === 'due_not_after_decision' ? { due: message } : { form: message });
      }
    } catch (failure) {
      setErrors({ form: describeError(t, failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="fr-rf-form" data-fr-form="return" onSubmit={submit} noValidate>
      <label>
        {t('refusals.return.stage')}
        <select value={stage} onChange={(e) => setStage(e.currentTarget.value)}>
          {review.lostFromStatusId === null && <option value="">{t('refusals.return.pickStage')}</option>}
          {pipelines.map((p) => (
            <optgroup key={p.id} label={p.name}>
              {p.statuses.filter((s) => s.kind === 'open').map((s) => <option key={s.id} value={stageKey(p.id, s.id)}>{s.name}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('refusals.return.responsible')}
        <select value={responsible} onChange={(e) => setResponsible(e.currentTarget.value)}>
          {people.map((u) => <option key={u.id} value={String(u.id)}>{u.name}</option>)}
        </select>
      </label>
      <label>
        {t('refusals.return.advice')}
        <textarea
          name="advice" value={advice} required aria-invalid={errors.advice !== undefined}
          aria-describedby={errors.advice === undefined ? undefined : 'fr-rf-advice-error'}
          onInput={(e) => setAdvice(e.currentTarget.value)}
        />
      </label>
      {errors.advice !== undefined && <p id="fr-rf-advice-error" class="fr-rf-field-error" role="alert">{errors.advice}</p>}
      {templates.length > 0 && (
        <div class="fr-rf-templates" aria-label={t('refusals.return.templates')}>
          {templates.map((tpl) => (
            <button key={tpl.id} type="button" class="fr-rf-chip" title={tpl.text}
              onClick={() => setAdvice((current) => (current.trim() === '' ? tpl.text : `${current.trimEnd()}\n${tpl.text}`))}>
              {tpl.title}
            </button>
          ))}
        </div>
      )}
      <label>
        {t('refusals.return.due')}
        <input type="datetime-local" value={due} aria-invalid={errors.due !== undefined} onInput={(e) => setDue(e.currentTarget.value)} />
        <span class="fr-rf-muted">{t('refusals.return.dueHint', { zone: env.account.timeZone })}</span>
      </label>
      {errors.due !== undefined && <p class="fr-rf-field-error" role="alert">{errors.due}</p>}
      {errors.form !== undefined && <p class="fr-rf-field-error" role="alert">{errors.form}</p>}
      <div class="fr-rf-actions">
        <button type="submit" class="fr-rf-btn fr-rf-btn--primary" disabled={busy}>{t('refusals.return.submit')}</button>
        <button type="button" class="fr-rf-btn" onClick={onCancel}>{t('refusals.cancel')}</button>
      </div>
    </form>
  );
}
