/**
 * The manager's side of Focus: ready counts for the launcher, then one session worked deal by deal
 * (PRODUCT.md "Focus"). Signals hold what the views show; actions are verbs. The rules are core's
 * (queue, recheck, isWorked, snooze, session); this file sequences reads, writes and the service.
 *
 * The model outlives views (it sits on the LauncherModel, which the widget instance keeps across
 * destroy() on area switches): a session keeps running while the manager moves through amoCRM.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { toUnixSeconds, type EpochMs, type LeadId, type TaskTypeId, type UserId } from '../../../core/brand';
import type { Note } from '../../../core/domain';
import {
  computeSnoozeUntil, DEFAULT_FOCUS_FILTER, deriveSessionLimits,
  type DealOutcome, type SessionSummary, type SnoozePreset, type StageCount,
} from '../../../core/focus';
import { createTasks, updateTasks } from '../../../amo/tasks';
import type { AppEnv } from '../app-env';
import { loadPipelines } from '../shared-reads';
import {
  checkBeforeShowing, describeFromHistory, deriveTaskStatus, judgeWork, loadLastNote, loadOpenTasks, readDeal,
  type DroppedDeal, type ShownDeal, type TaskStatus,
} from './deal-check';
import { loadFocusSetup, type FocusSetup, type KeyValueStore } from './focus-setup';
import { readLocalSnoozes, writeLocalSnooze } from './local-snoozes';
import { loadQueue } from './queue-loader';
import { createLocalBackend, createRemoteBackend, snapshotOfView, type SessionBackend, type SessionSnapshot } from './session-backend';

type CountsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly total: number; readonly byStage: readonly StageCount[]; readonly at: EpochMs }
  | { readonly kind: 'failed'; readonly error: unknown };

/** Whether new leads are held back from this manager, and if not, why the widget cannot tell the service. */
export type PauseState = 'unknown' | 'active' | 'not_configured' | 'unreachable';

type SessionState =
  | { readonly kind: 'none' }
  | { readonly kind: 'starting' }
  /** Start could not build the queue (amoCRM 5xx/429, network): the panel says so and offers a retry. */
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'running'; readonly position: number; readonly total: number; readonly current: ShownDeal | null }
  | { readonly kind: 'ended'; readonly summary: SessionSummary; readonly dropped: readonly DroppedDeal[] };

/** Next was pressed on a deal nobody worked: the panel asks for a next step first. */
type Prompt = 'next_step' | null;

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
const WRITE_BATCH = 50;

export function createFocusModel(deps: FocusModelDeps): FocusModel {
  const { env, store } = deps;
  const managerId = env.user.id as UserId;
  const snoozeKey = `focus_refusals:snoozes:${env.account.id ?? env.account.subdomain ?? ''}:${managerId}`;
  const counts = signal<CountsState>({ kind: 'loading' });
  const pause = signal<PauseState>('unknown');
  const session = signal<SessionState>({ kind: 'none' });
  const lastNote = signal<Note | null | 'loading'>(null);
  const prompt = signal<Prompt>(null);
  const busy = signal(false);
  const error = signal<unknown>(null);
  const stageNames = signal<ReadonlyMap<string, string>>(new Map());
  const taskStatus = signal<TaskStatus | null>(null);
  const taskSaved = signal(false);
  const droppedNote = signal<DroppedDeal | null>(null);

  let setup: FocusSetup | null = null;
  let backend: SessionBackend | null = null;
  let snapshot: SessionSnapshot | null = null;
  let dropped: DroppedDeal[] = [];
  let taskSetOnShown = false;
  let shownAt = 0 as EpochMs;
  /** Names from the queue read at Start: a deal that became invisible is still named in the note. */
  let queueNames = new Map<LeadId, string>();
  let countsInFlight: Promise<void> | null = null;
  let attached = 0;
  let heartbeatTimer: ReturnType<typeof setInterval> | null = null;

  const loadSetup = async (): Promise<FocusSetup> => {
    setup = await loadFocusSetup(env, store, readLocalSnoozes(store, snoozeKey, env.now()));
    if (backend === null) pause.value = setup.service.kind === 'connected' ? 'active' : setup.service.reason;
    return setup;
  };

  const checkContext = (s: FocusSetup) => ({ filter: s.filter, managerId, timezone: env.account.timeZone, snoozed: s.snoozed, now: env.now() });

  const refreshCounts = (options: { force?: boolean } = {}): Promise<void> => {
    const current = counts.value;
    if (!options.force && current.kind === 'ready' && env.now() - current.at < (deps.countsTtlMs ?? COUNTS_TTL_MS)) return Promise.resolve();
    countsInFlight ??= (async () => {
      try {
        const s = await loadSetup();
        const loaded = await loadQueue(env.amo, s.filter, checkContext(s));
        batch(() => {
          counts.value = { kind: 'ready', total: loaded.queue.items.length, byStage: loaded.byStage, at: loaded.at };
          deps.readyCount.value = loaded.queue.items.length;
        });
        if (s.service.kind === 'connected' && s.service.session?.kind === 'active' && backend === null) await join(s);
      } catch (e) {
        if (counts.value.kind !== 'ready') counts.value = { kind: 'failed', error: e };
        error.value = e;
      } finally {
        countsInFlight = null;
      }
    })();
    return countsInFlight;
  };

  const loadStageNames = async (): Promise<void> => {
    if (stageNames.value.size > 0) return;
    const pipelines = await loadPipelines(env);
    stageNames.value = new Map(pipelines.flatMap((p) => p.statuses.map((s) => [`${p.id}:${s.id}`, s.name] as const)));
  };

  const sendHeartbeat = async (): Promise<void> => {
    if (!backend || attached === 0 || deps.doc?.visibilityState === 'hidden') return;
    try {
      const beat = await backend.heartbeat();
      // While an action runs it moves the session itself; a beat only reports an end (idle, end of day).
      if (!busy.value || beat.kind === 'ended') await applySnapshot(beat, false);
    } catch {
      // One missed heartbeat is harmless: the service's idle timeout is many beats long.
    }
  };
  const onVisibility = (): void => { if (deps.doc?.visibilityState === 'visible') void sendHeartbeat(); };
  const startHeartbeats = (): void => {
    if (heartbeatTimer !== null) return;
    heartbeatTimer = setInterval(() => { void sendHeartbeat(); }, deps.heartbeatMs ?? HEARTBEAT_MS);
    deps.doc?.addEventListener('visibilitychange', onVisibility);
  };
  const stopHeartbeats = (): void => {
    if (heartbeatTimer !== null) clearInterval(heartbeatTimer);
    heartbeatTimer = null;
    deps.doc?.removeEventListener('visibilitychange', onVisibility);
  };

  const finish = (summary: SessionSummary): void => {
    stopHeartbeats();
    backend = null;
    snapshot = null;
    batch(() => {
      session.value = { kind: 'ended', summary, dropped };
      prompt.value = null;
      pause.value = setup?.service.kind === 'connected' ? 'active' : setup?.service.reason ?? 'unknown';
    });
    void refreshCounts({ force: true });
  };

  /** Moves to the deal at the snapshot's position, dropping (and reporting) deals that no longer qualify. */
  const applySnapshot = async (next: SessionSnapshot, open: boolean): Promise<void> => {
    let state = next;
    while (state.kind === 'active') {
      const dealId = state.queue[state.position];
      const shownId = session.value.kind === 'running' ? session.value.current?.deal.id : undefined;
      snapshot = state;
      if (dealId === undefined) break;
      deps.readyCount.value = state.queue.length - state.position;
      if (dealId === shownId) {
        session.value = { kind: 'running', position: state.position, total: state.queue.length, current: session.value.kind === 'running' ? session.value.current : null };
        return;
      }
      session.value = { kind: 'running', position: state.position, total: state.queue.length, current: null };
      const checked = await checkBeforeShowing(env.amo, dealId, checkContext(setup ?? (await loadSetup())));
      if (checked.kind === 'drop') {
        noteDropped(checked.dropped);
        state = await advanceBackend(dealId, { kind: 'dropped' });
        continue;
      }
      show(checked.shown, state, open);
      return;
    }
    if (state.kind === 'ended') finish(state.summary);
  };

  const noteDropped = (found: DroppedDeal): void => {
    const deal = found.name === null ? { ...found, name: queueNames.get(found.dealId) ?? null } : found;
    dropped = [...dropped, deal];
    droppedNote.value = deal;
  };

  const show = (shown: ShownDeal, state: Extract<SessionSnapshot, { kind: 'active' }>, open: boolean): void => {
    taskSetOnShown = false;
    shownAt = env.now();
    batch(() => {
      session.value = { kind: 'running', position: state.position, total: state.queue.length, current: shown };
      deps.readyCount.value = state.queue.length - state.position;
      prompt.value = null;
      lastNote.value = 'loading';
      taskStatus.value = null;
      taskSaved.value = false;
    });
    if (open && env.currentLeadId() !== shown.deal.id) env.openLead(shown.deal.id);
    loadLastNote(env.amo, shown.deal.id).then(
      (note) => { if (currentDeal()?.deal.id === shown.deal.id) lastNote.value = note; },
      () => { if (currentDeal()?.deal.id === shown.deal.id) lastNote.value = null; },
    );
    // An overdue task is offered for completion in the task form: read which one it is.
    if (shown.taskState === 'overdue') void refreshTaskStatus(shown.deal.id);
  };

  const refreshTaskStatus = async (dealId: LeadId): Promise<void> => {
    try {
      const status = deriveTaskStatus(await loadOpenTasks(env.amo, dealId), env.now(), env.account.timeZone);
      if (currentDeal()?.deal.id === dealId) taskStatus.value = status;
    } catch {
      // The task line keeps what the lead said; completing the overdue task is then not offered.
    }
  };

  const currentDeal = (): ShownDeal | null => (session.value.kind === 'running' ? session.value.current : null);

  /** The service failed mid-session: carry on in the tab, and say the pause is no longer active. */
  const advanceBackend = async (dealId: LeadId, outcome: DealOutcome): Promise<SessionSnapshot> => {
    if (!backend) throw new Error('no running focus session');
    try {
      return await backend.advance(dealId, outcome);
    } catch (e) {
      if (!backend.pausesDistribution || snapshot?.kind !== 'active') throw e;
      backend = createLocalBackend(managerId, deps.tabId, limits(), env.now, snapshot);
      pause.value = 'unreachable';
      return backend.advance(dealId, outcome);
    }
  };

  const limits = () => deriveSessionLimits(setup?.filter ?? DEFAULT_FOCUS_FILTER, env.account.timeZone);

  const join = async (s: FocusSetup): Promise<void> => {
    if (s.service.kind !== 'connected' || s.service.session?.kind !== 'active') return;
    backend = createRemoteBackend(s.service.calls, deps.tabId);
    pause.value = 'active';
    startHeartbeats();
    const joined = snapshotOfView(s.service.session);
    if (joined.kind !== 'active') return;
    // Joining shows the deal on screen in the other tab as it is now, without a recheck (it is being worked).
    const dealId = joined.queue[joined.position];
    const deal = dealId === undefined ? null : await readDeal(env.amo, dealId);
    snapshot = joined;
    if (deal) show(await describeFromHistory(env.amo, deal, env.now(), env.account.timeZone), joined, false);
    else await applySnapshot(joined, false);
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
    const shown = currentDeal();
    if (!shown) return;
    await applySnapshot(await advanceBackend(shown.deal.id, outcome), true);
  };

  /** The service's session when it answers; otherwise one in this tab, with the pause reported as off. */
  const openSession = async (s: FocusSetup, ids: readonly LeadId[]): Promise<SessionSnapshot> => {
    if (s.service.kind === 'connected') {
      const remote = createRemoteBackend(s.service.calls, deps.tabId);
      try {
        const first = await remote.start(ids);
        backend = remote;
        pause.value = 'active';
        return first;
      } catch {
        pause.value = 'unreachable';
      }
    } else {
      pause.value = s.service.reason;
    }
    backend = createLocalBackend(managerId, deps.tabId, limits(), env.now);
    return backend.start(ids);
  };

  /** Next: only a worked deal moves on; otherwise the panel asks for a next step. */
  const tryNext = async (): Promise<void> => {
    const shown = currentDeal();
    if (!shown) return;
    const verdict = await judgeWork(env.amo, shown, env.now(), shownAt);
    if (verdict.kind === 'gone') {
      noteDropped({ dealId: shown.deal.id, name: shown.deal.name, reason: { kind: 'gone' } });
      return advance({ kind: 'dropped' });
    }
    if (verdict.kind === 'not_worked') {
      prompt.value = 'next_step';
      return;
    }
    await advance({ kind: 'worked', movedStage: verdict.movedStage, taskSet: verdict.taskSet || taskSetOnShown, closed: verdict.closed });
  };

  return {
    counts, pause, session, lastNote, prompt, busy, error, stageNames, taskStatus, taskSaved, droppedNote,
    refreshCounts,
    loadStageNames,
    start: () => act(async () => {
      dropped = [];
      batch(() => { session.value = { kind: 'starting' }; droppedNote.value = null; });
      try {
        const s = await loadSetup();
        const loaded = await loadQueue(env.amo, s.filter, checkContext(s));
        const ids = loaded.queue.items.map((item) => item.deal.id);
        queueNames = new Map(loaded.queue.items.map((item) => [item.deal.id, item.deal.name]));
        deps.readyCount.value = ids.length;
        const first = await openSession(s, ids);
        startHeartbeats();
        await applySnapshot(first, true);
      } catch (e) {
        // The launcher panel closed on Start: the failure is said in the focus panel, with a retry.
        if (session.value.kind === 'starting') session.value = { kind: 'failed', error: e };
        else throw e;
      }
    }),
    next: () => act(tryNext),
    skip: (reason) => act(() => advance({ kind: 'skipped', reason: reason.trim() })),
    snooze: (preset) => act(async () => {
      const shown = currentDeal();
      const s = setup;
      if (!shown || !s) return;
      const now = env.now();
      const until = computeSnoozeUntil(preset, now, s.schedule);
      if (until === null) throw new RangeError('snooze_invalid');
      writeLocalSnooze(store, snoozeKey, shown.deal.id, until, now);
      await advance({ kind: 'snoozed', until });
    }),
    addTask: ({ typeId, dueAt, text, completeOverdue }) => act(async () => {
      const shown = currentDeal();
      if (!shown) return;
      const overdue = completeOverdue ? taskStatus.value?.overdue ?? [] : [];
      if (overdue.length > 0 && completeOverdue) {
        await updateTasks(env.amo, overdue.map((task) => ({ id: task.id, isCompleted: true, resultText: completeOverdue.resultText })), WRITE_BATCH);
      }
      await createTasks(env.amo, [{
        leadId: shown.deal.id, responsibleUserId: managerId, taskTypeId: typeId, text, completeTill: toUnixSeconds(dueAt),
      }], WRITE_BATCH);
      taskSetOnShown = true;
      // The task line as amoCRM has it now (one read), so «Нет задачи»/«Просрочена» do not linger.
      await refreshTaskStatus(shown.deal.id);
      taskSaved.value = true;
      // Asked for a next step and given one: that was the missing piece, so move on at once.
      if (prompt.value === 'next_step') await tryNext();
    }),
    stop: () => act(async () => {
      if (!backend) return;
      const final = await backend.stop().catch(async (e: unknown) => {
        if (!backend?.pausesDistribution || snapshot?.kind !== 'active') throw e;
        backend = createLocalBackend(managerId, deps.tabId, limits(), env.now, snapshot);
        return backend.stop();
      });
      if (final.kind === 'ended') finish(final.summary);
    }),
    dismissSummary: () => { if (session.value.kind === 'ended') session.value = { kind: 'none' }; },
    schedule: () => setup?.schedule ?? null,
    attach: () => {
      attached += 1;
      return () => { attached -= 1; };
    },
  };
}
