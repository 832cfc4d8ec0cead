import { useState } from 'preact/hooks';
import type { RefusalCatalog, Review } from '../../../core/refusals';
import { useUi } from '../../ui/context';
import { DayField } from '../../ui/DayField';
import { formatZone } from '../../ui/format';
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
  const { t, dates } = useUi();
  const env = useAppEnv();
  const [stage, setStage] = useState(review.lostFromStatusId === null ? '' : stageKey(review.pipelineId, review.lostFromStatusId));
  const [responsible, setResponsible] = useState(String(review.managerId));
  const [advice, setAdvice] = useState('');
  const [dueDay, setDueDay] = useState('');
  const [dueTime, setDueTime] = useState('');
  const [dueTyped, setDueTyped] = useState(false);
  const [errors, setErrors] = useState<{ advice?: string; due?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const pipelines = catalog.pipelines.filter((p) => !p.isArchive);
  const people = catalog.users.filter((u) => u.isActive || u.id === review.managerId);

  const submit = async (event: Event) => {
    event.preventDefault();
    const dueGiven = dueTyped || dueTime.trim() !== '';
    const dueAt = dueGiven ? parseLocalDateTime(`${dueDay}T${dueTime.trim().padStart(5, '0')}`, env.account.timeZone) : null;
    const found = {
      ...(advice.trim() === '' ? { advice: t('refusals.decision.errors.advice_required') } : {}),
      ...(dueGiven && dueAt === null ? { due: t('refusals.return.badDue') } : {}),
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
        <span class="fr-rf-due">
          <DayField value={dueDay} class="fr-rf-input" label={t('refusals.return.dueDay')} invalid={errors.due !== undefined}
            onChange={(day) => { setDueDay(day); setDueTyped(true); }} data-fr-input="due-day" />
          <input class="fr-rf-input" inputMode="numeric" size={6} placeholder={t('refusals.return.timePlaceholder')} value={dueTime}
            aria-label={t('refusals.return.dueTime')} aria-invalid={errors.due !== undefined} data-fr-input="due-time"
            onInput={(e) => setDueTime(e.currentTarget.value)} />
        </span>
        <span class="fr-rf-muted" data-fr-due-hint="">{t('refusals.return.dueHint', { zone: formatZone({ ...dates, timeZone: env.account.timeZone }) })}</span>
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
