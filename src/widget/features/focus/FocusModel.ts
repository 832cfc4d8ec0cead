/**
 * The manager's side of Focus: ready counts for the launcher, then one session worked deal by deal
 * (PRODUCT.md "Focus"). Signals hold what the views show; actions are verbs. The rules are core's
 * (queue, recheck, isWorked, snooze, session); three parts do the work and this file sequences them:
 * the queue loader (setup, counts, stage names: queue-loader.ts), the session runner (service or
 * tab, heartbeats: session-runner.ts) and the deal on screen (deal-on-screen.ts).
 *
 * The model outlives views (it sits on the LauncherModel, which the widget instance keeps across
 * destroy() on area switches): a session keeps running while the manager moves through amoCRM.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { toUnixSeconds, type EpochMs, type TaskTypeId, type UserId } from '../../../core/brand';
import type { Note } from '../../../core/domain';
import { computeSnoozeUntil, type DealOutcome, type SessionSummary, type SnoozePreset } from '../../../core/focus';
import type { AppEnv } from '../app-env';
import type { DroppedDeal, TaskStatus } from './deal-check';
import { createDealOnScreen, type Prompt, type SessionState } from './deal-on-screen';
import { focusErrorKind, type FocusErrorKind } from './focus-errors';
import type { FocusSetup, KeyValueStore } from './focus-setup';
import { createQueueLoader, type CountsState } from './queue-loader';
import { createSessionRunner, type PauseState } from './session-runner';

export interface FocusModel {
  readonly counts: Signal<CountsState>;
  readonly pause: Signal<PauseState>;
  readonly session: Signal<SessionState>;
  readonly lastNote: Signal<Note | null | 'loading'>;
  readonly prompt: Signal<Prompt>;
  readonly busy: Signal<boolean>;
  readonly error: Signal<unknown>;
  /** `${pipelineId}:${statusId}` → stage name, read once when first needed. */
  readonly stageNames: Signal<ReadonlyMap<string, string>>;
  /** The task line of the deal on screen as it is now (null: as shown, from `closest_task_at`). */
  readonly taskStatus: Signal<TaskStatus | null>;
  /** A quick task was just written for the deal on screen. */
  readonly taskSaved: Signal<boolean>;
  /** The last deal that left the queue on its own while the session ran (reassigned, closed, gone). */
  readonly droppedNote: Signal<DroppedDeal | null>;
  refreshCounts(options?: { force?: boolean }): Promise<void>;
  loadStageNames(): Promise<void>;
  start(): Promise<void>;
  next(): Promise<void>;
  skip(reason: string): Promise<void>;
  snooze(preset: SnoozePreset): Promise<void>;
  /** `completeOverdue`: also complete the deal's overdue tasks with this result, in the same step. */
  addTask(task: NewQuickTask): Promise<void>;
  stop(): Promise<void>;
  dismissSummary(): void;
  schedule(): FocusSetup['schedule'] | null;
  /** A view showing the session mounted; heartbeats go out only while one is (and the tab is visible). */
  attach(): () => void;
  /** What a failure shown in the panel was: amoCRM's (which kind), the admin filter, or something else. */
  errorKind(error: unknown): FocusErrorKind;
}

export interface NewQuickTask {
  readonly typeId: TaskTypeId;
  readonly dueAt: EpochMs;
  readonly text: string;
  readonly completeOverdue?: { readonly resultText: string } | null;
}

export interface FocusModelDeps {
  env: AppEnv;
  /** The launcher badge. */
  readyCount: Signal<number | null>;
  store: KeyValueStore | null;
  tabId: string;
  doc: Document | null;
  heartbeatMs?: number;
  countsTtlMs?: number;
}

const HEARTBEAT_MS = 60_000;
/** Area switches re-mount the launcher; within this window they reuse the counts instead of refetching. */
const COUNTS_TTL_MS = 2 * 60_000;

export function createFocusModel(deps: FocusModelDeps): FocusModel {
  const { env } = deps;
  const managerId = env.user.id as UserId;
  const busy = signal(false);
  const error = signal<unknown>(null);

  const loader = createQueueLoader({
    env, store: deps.store, readyCount: deps.readyCount, countsTtlMs: deps.countsTtlMs ?? COUNTS_TTL_MS,
    onSetup: (s) => runner.reflect(s),
    onCounted: (s) => join(s),
    onError: (e) => { error.value = e; },
  });
  const runner = createSessionRunner({
    env, tabId: deps.tabId, doc: deps.doc, heartbeatMs: deps.heartbeatMs ?? HEARTBEAT_MS,
    setup: loader.setup,
    // While an action runs it moves the session itself; a beat only reports an end (idle, end of day).
    onBeat: async (beat) => { if (!busy.value || beat.kind === 'ended') await screen.apply(beat, false); },
  });
  const screen = createDealOnScreen({
    env, readyCount: deps.readyCount,
    checkContext: async () => loader.checkContext(loader.setup() ?? (await loader.loadSetup())),
    advance: (dealId, outcome) => runner.advance(dealId, outcome),
    track: (snapshot) => runner.track(snapshot),
    onEnded: (summary) => finish(summary),
  });

  const finish = (summary: SessionSummary): void => {
    batch(() => {
      runner.end();
      screen.end(summary);
    });
    void loader.refreshCounts({ force: true });
  };

  /** The service holds an active session (another tab, a reload) and this tab runs none: show it here. */
  const join = async (s: FocusSetup): Promise<void> => {
    if (runner.isRunning()) return;
    const joined = runner.join(s);
    if (joined) await screen.showJoined(joined);
  };

  /** Runs one action at a time; failures land in `error` for the panel to show. */
  const act = async (action: () => Promise<void>): Promise<void> => {
    if (busy.value) return;
    batch(() => { busy.value = true; error.value = null; });
    try {
      await action();
    } catch (e) {
      error.value = e;
    } finally {
      busy.value = false;
    }
  };

  const advance = async (outcome: DealOutcome): Promise<void> => {
    const shown = screen.current();
    if (!shown) return;
    await screen.apply(await runner.advance(shown.deal.id, outcome), true);
  };

  /** Next: only a worked deal moves on; otherwise the panel asks for a next step. */
  const tryNext = async (): Promise<void> => {
    const shown = screen.current();
    if (!shown) return;
    const verdict = await screen.judge();
    if (verdict.kind === 'gone') {
      screen.noteDropped({ dealId: shown.deal.id, name: shown.deal.name, reason: { kind: 'gone' } });
      return advance({ kind: 'dropped' });
    }
    if (verdict.kind === 'not_worked') {
      screen.prompt.value = 'next_step';
      return;
    }
    await advance({ kind: 'worked', movedStage: verdict.movedStage, taskSet: verdict.taskSet || verdict.taskSetHere, closed: verdict.closed });
  };

  return {
    counts: loader.counts, stageNames: loader.stageNames, pause: runner.pause, busy, error,
    session: screen.session, lastNote: screen.lastNote, prompt: screen.prompt, taskStatus: screen.taskStatus,
    taskSaved: screen.taskSaved, droppedNote: screen.droppedNote,
    refreshCounts: loader.refreshCounts,
    loadStageNames: loader.loadStageNames,
    start: () => act(async () => {
      screen.begin();
      try {
        const s = await loader.loadSetup();
        const loaded = await loader.loadQueue(s);
        const deals = loaded.queue.items.map((item) => item.deal);
        screen.queued(deals);
        deps.readyCount.value = deals.length;
        await screen.apply(await runner.open(s, deals.map((deal) => deal.id)), true);
      } catch (e) {
        // The launcher panel closed on Start: the failure is said in the focus panel, with a retry.
        if (screen.session.value.kind === 'starting') screen.session.value = { kind: 'failed', error: e };
        else throw e;
      }
    }),
    next: () => act(tryNext),
    skip: (reason) => act(() => advance({ kind: 'skipped', reason: reason.trim() })),
    snooze: (preset) => act(async () => {
      const shown = screen.current();
      const s = loader.setup();
      if (!shown || !s) return;
      const now = env.now();
      const until = computeSnoozeUntil(preset, now, s.schedule);
      if (until === null) throw new RangeError('snooze_invalid');
      loader.rememberSnooze(shown.deal.id, until, now);
      await advance({ kind: 'snoozed', until });
    }),
    addTask: ({ typeId, dueAt, text, completeOverdue }) => act(async () => {
      const shown = screen.current();
      if (!shown) return;
      const overdue = completeOverdue ? screen.taskStatus.value?.overdue ?? [] : [];
      if (overdue.length > 0 && completeOverdue) {
        await env.amo.completeTasks(overdue.map((task) => ({ id: task.id, resultText: completeOverdue.resultText })));
      }
      await env.amo.createTasks([{
        leadId: shown.deal.id, responsibleUserId: managerId, taskTypeId: typeId, text, completeTill: toUnixSeconds(dueAt),
      }]);
      await screen.taskWritten(shown.deal.id);
      // Asked for a next step and given one: that was the missing piece, so move on at once.
      if (screen.prompt.value === 'next_step') await tryNext();
    }),
    stop: () => act(async () => {
      const final = await runner.stop();
      if (final?.kind === 'ended') finish(final.summary);
    }),
    dismissSummary: screen.dismiss,
    schedule: () => loader.setup()?.schedule ?? null,
    attach: runner.attach,
    errorKind: (e) => focusErrorKind(e, env.amo),
  };
}
