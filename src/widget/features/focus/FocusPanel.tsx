/**
 * The panel over the deal card while a focus session runs: the deal, progress N / M, the pause
 * banner, and Next / Skip / Snooze / Task / Stop — each button shows its key.
 */
import { useEffect, useState } from 'preact/hooks';
import type { EpochMs } from '../../../core/brand';
import { useUi } from '../../ui/context';
import { ErrorState } from '../../ui/ErrorState';
import { formatDateTime } from '../../ui/format';
import { useAppEnv } from '../app-env';
import type { DroppedDeal, ShownDeal } from './deal-check';
import { focusErrorKey } from './focus-errors';
import { injectFocusStyles } from './focus-styles';
import type { FocusModel } from './FocusModel';
import { FocusSummary } from './FocusSummary';
import { PauseNotice } from './PauseNotice';
import { QuickTaskForm } from './QuickTaskForm';
import { actionForKey, FOCUS_SHORTCUTS, type FocusAction } from './shortcuts';
import type { Translate } from '../../i18n';
import { SkipForm } from './SkipForm';
import { SnoozeForm } from './SnoozeForm';

type Form = 'skip' | 'snooze' | 'task' | null;

export default function FocusPanel({ model }: { model: FocusModel }) {
  const { t } = useUi();
  const env = useAppEnv();
  const [form, setForm] = useState<Form>(null);
  const session = model.session.value;
  const busy = model.busy.value;

  useEffect(() => { injectFocusStyles(document); return model.attach(); }, [model]);
  // After a reload or in a second tab the launcher section (which also reads them) never mounted.
  useEffect(() => { model.loadStageNames().catch(() => undefined); }, [model]);

  const run = (action: FocusAction): void => {
    if (model.busy.value) return;
    if (action === 'next') { setForm(null); void model.next(); }
    if (action === 'stop') { setForm(null); void model.stop(); }
    if (action === 'skip' || action === 'snooze' || action === 'task') setForm((open) => (open === action ? null : action));
  };

  useEffect(() => {
    if (session.kind !== 'running') return undefined;
    const onKey = (event: KeyboardEvent): void => {
      const action = actionForKey(event);
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [session.kind]);

  // A new deal on screen starts with no form open.
  const dealId = session.kind === 'running' ? session.current?.deal.id : undefined;
  useEffect(() => setForm(null), [dealId]);

  if (session.kind === 'none') return null;
  if (session.kind === 'failed') {
    const kind = model.errorKind(session.error);
    return (
      <section class="fr-focus" data-fr-focus-panel="failed" aria-label={t('focus.section_title')}>
        <div class="fr-focus__head"><h2 class="fr-heading">{t('focus.section_title')}</h2></div>
        <div class="fr-prompt" role="alert" data-fr-start-failed={kind}>
          <p><strong>{t('focus.start_failed_title')}</strong></p>
          <p>{t(focusErrorKey(kind))}</p>
          <div class="fr-focus__actions">
            <button type="button" class="fr-btn fr-btn--primary" data-fr-retry="" disabled={busy} onClick={() => void model.start()}>{t('focus.retry')}</button>
            <button type="button" class="fr-btn" onClick={model.dismissSummary}>{t('focus.close')}</button>
          </div>
        </div>
      </section>
    );
  }
  if (session.kind === 'ended') {
    return (
      <section class="fr-focus" data-fr-focus-panel="ended">
        <FocusSummary summary={session.summary} dropped={session.dropped} onClose={model.dismissSummary} />
      </section>
    );
  }
  const progress = session.kind === 'running' ? { n: Math.min(session.position + 1, session.total), m: session.total } : null;
  const current = session.kind === 'running' ? session.current : null;
  const schedule = model.schedule();
  return (
    <section class="fr-focus" data-fr-focus-panel="running" aria-label={t('focus.section_title')}>
      <div class="fr-focus__head">
        <h2 class="fr-heading">{t('focus.section_title')}</h2>
        {progress && <span data-fr-progress={`${progress.n}/${progress.m}`}>{t('focus.progress', progress)}</span>}
      </div>
      {progress && <div class="fr-focus__bar" role="progressbar" aria-valuemin={0} aria-valuemax={progress.m} aria-valuenow={progress.n}><span style={{ width: `${(100 * progress.n) / Math.max(1, progress.m)}%` }} /></div>}
      <PauseNotice pause={model.pause.value} running />
      {model.droppedNote.value && <DroppedNote t={t} dropped={model.droppedNote.value} />}
      {current ? <DealFacts model={model} shown={current} /> : <p class="fr-loading">{t(session.kind === 'starting' ? 'focus.starting' : 'focus.checking')}</p>}
      {model.prompt.value === 'next_step' && <p class="fr-prompt" role="alert" data-fr-prompt="next_step">{t('focus.next_step_needed')}</p>}
      {current && model.taskSaved.value && form !== 'task' && <p class="fr-focus__saved" role="status" data-fr-task-saved="">✓ {t('focus.task_saved')}</p>}
      {current && schedule && (form === 'task' || model.prompt.value === 'next_step') && (
        <QuickTaskForm
          taskTypes={env.taskTypes}
          schedule={schedule}
          now={env.now()}
          disabled={busy}
          overdue={model.taskStatus.value?.overdue ?? []}
          onSave={(task) => { setForm(null); void model.addTask(task); }}
          onCancel={() => setForm(null)}
        />
      )}
      {current && form === 'skip' && <SkipForm disabled={busy} onSkip={(reason) => { setForm(null); void model.skip(reason); }} onCancel={() => setForm(null)} />}
      {current && form === 'snooze' && <SnoozeForm disabled={busy} onSnooze={(preset) => { setForm(null); void model.snooze(preset); }} onCancel={() => setForm(null)} />}
      {model.error.value !== null && (model.errorKind(model.error.value) === 'other'
        ? <ErrorState t={t} error={model.error.value} />
        : <p class="fr-prompt" role="alert" data-fr-action-failed={model.errorKind(model.error.value)}>{t(focusErrorKey(model.errorKind(model.error.value)))}</p>)}
      <div class="fr-focus__actions">
        {FOCUS_SHORTCUTS.map(({ key, action }) => (
          <button
            key={action}
            type="button"
            class={action === 'next' ? 'fr-btn fr-btn--primary' : 'fr-btn'}
            data-fr-action={action}
            disabled={busy || (!current && action !== 'stop')}
            onClick={() => run(action)}
          >
            {t(`focus.actions.${action}`)}<kbd aria-label={t('focus.keys_title')}>{key}</kbd>
          </button>
        ))}
      </div>
    </section>
  );
}

function DroppedNote({ t, dropped }: { t: Translate; dropped: DroppedDeal }) {
  const deal = dropped.name === null ? `#${dropped.dealId}` : `«${dropped.name}» (#${dropped.dealId})`;
  return (
    <p class="fr-muted" role="status" data-fr-dropped-note={dropped.reason.kind}>
      {t('focus.dropped_note', { deal, reason: t(`focus.summary.dropped_reason.${dropped.reason.kind}`) })}
    </p>
  );
}

/** The deal's value as amoCRM shows it: grouped digits and the account's currency sign, no kopecks. */
function formatValue(price: number, language: string, currency: string | null | undefined): string {
  if (!currency) return new Intl.NumberFormat(language).format(price);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(price);
  } catch {
    return `${new Intl.NumberFormat(language).format(price)} ${currency}`;
  }
}

function DealFacts({ model, shown }: { model: FocusModel; shown: ShownDeal }) {
  const { t, dates } = useUi();
  const env = useAppEnv();
  const { deal } = shown;
  const stage = model.stageNames.value.get(`${deal.pipelineId}:${deal.statusId}`) ?? '…';
  const note = model.lastNote.value;
  const days = t(shown.daysInStageIsExact ? 'focus.days' : 'focus.days_at_least', { days: shown.daysInStage });
  const live = model.taskStatus.value;
  const taskState = live?.state ?? shown.taskState;
  const dueAt = live ? live.dueAt : deal.closestTaskAt === null ? null : (deal.closestTaskAt * 1000) as EpochMs;
  const taskDue = dueAt === null ? '' : ` · ${formatDateTime(dueAt, dates)}`;
  return (
    <div data-fr-deal={deal.id}>
      <p class="fr-focus__deal">
        <a href={`/leads/detail/${deal.id}`} onClick={(e) => { e.preventDefault(); env.openLead(deal.id); }}>{deal.name}</a>
      </p>
      <dl class="fr-focus__facts">
        <dt>{t('focus.stage')}</dt><dd data-fr-fact="stage">{stage}</dd>
        <dt>{t('focus.value')}</dt><dd data-fr-fact="value">{formatValue(deal.price, dates.language, env.account.currency)}</dd>
        <dt>{t('focus.in_stage')}</dt><dd data-fr-fact="days">{days}</dd>
        <dt>{t('focus.task')}</dt><dd data-fr-fact="task" data-fr-task-state={taskState}>{t(`focus.task_state.${taskState}`)}{taskDue}</dd>
      </dl>
      <p class="fr-muted">{t('focus.last_note')}</p>
      <p class="fr-focus__note" data-fr-fact="note">{note === 'loading' ? '…' : note === null || note.text === '' ? t('focus.no_note') : note.text}</p>
    </div>
  );
}
