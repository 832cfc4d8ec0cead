/**
 * The deal on screen and what the panel says about it: the session's position, the deal as shown
 * (re-checked right before it is shown; deals that no longer qualify are dropped and named), its
 * last note, its task line, and whether a quick task was just set on it.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { EpochMs, LeadId } from '../../../core/brand';
import type { Note } from '../../../core/domain';
import type { DealOutcome, SessionSummary } from '../../../core/focus';
import type { AppEnv } from '../app-env';
import {
  checkBeforeShowing, describeFromHistory, deriveTaskStatus, judgeWork, loadLastNote, loadOpenTasks,
  type CheckContext, type DroppedDeal, type ShownDeal, type TaskStatus, type WorkVerdict,
} from './deal-check';
import type { SessionSnapshot } from './session-backend';

export type SessionState =
  | { readonly kind: 'none' }
  | { readonly kind: 'starting' }
  /** Start could not build the queue (amoCRM 5xx/429, network): the panel says so and offers a retry. */
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'running'; readonly position: number; readonly total: number; readonly current: ShownDeal | null }
  | { readonly kind: 'ended'; readonly summary: SessionSummary; readonly dropped: readonly DroppedDeal[] };

/** Next was pressed on a deal nobody worked: the panel asks for a next step first. */
export type Prompt = 'next_step' | null;

type ActiveSnapshot = Extract<SessionSnapshot, { kind: 'active' }>;

export interface DealOnScreenDeps {
  env: AppEnv;
  /** The launcher badge: deals left in the session. */
  readyCount: Signal<number | null>;
  /** What the deal is re-checked against before it is shown. */
  checkContext(): Promise<CheckContext>;
  /** Moves the session past a deal (here: one that dropped out). */
  advance(dealId: LeadId, outcome: DealOutcome): Promise<SessionSnapshot>;
  /** Where the session is now (the runner carries on from it if the service fails). */
  track(snapshot: SessionSnapshot): void;
  /** The session ended (exhausted, stopped, idle, end of day). */
  onEnded(summary: SessionSummary): void;
}

export interface DealOnScreen {
  readonly session: Signal<SessionState>;
  readonly lastNote: Signal<Note | null | 'loading'>;
  readonly prompt: Signal<Prompt>;
  /** The task line of the deal on screen as it is now (null: as shown, from `closest_task_at`). */
  readonly taskStatus: Signal<TaskStatus | null>;
  /** A quick task was just written for the deal on screen. */
  readonly taskSaved: Signal<boolean>;
  /** The last deal that left the queue on its own while the session ran (reassigned, closed, gone). */
  readonly droppedNote: Signal<DroppedDeal | null>;
  current(): ShownDeal | null;
  /** Start was pressed: a new session is being built. */
  begin(): void;
  /** The queue it runs over, named, so a deal that became invisible is still named in the note. */
  queued(deals: ReadonlyArray<{ readonly id: LeadId; readonly name: string }>): void;
  /** Moves to the deal at the snapshot's position, dropping (and noting) deals that no longer qualify. */
  apply(next: SessionSnapshot, open: boolean): Promise<void>;
  /** Joining a session held elsewhere: its deal as it is now, without a recheck (it is being worked). */
  showJoined(joined: ActiveSnapshot): Promise<void>;
  noteDropped(found: DroppedDeal): void;
  /** "Worked" on what the deal has now; a task set from the panel counts too. */
  judge(): Promise<WorkVerdict & { readonly taskSetHere: boolean }>;
  /** A quick task was written for the deal on screen: read its task line again. */
  taskWritten(dealId: LeadId): Promise<void>;
  end(summary: SessionSummary): void;
  dismiss(): void;
}

export function createDealOnScreen(deps: DealOnScreenDeps): DealOnScreen {
  const { env, readyCount } = deps;
  const session = signal<SessionState>({ kind: 'none' });
  const lastNote = signal<Note | null | 'loading'>(null);
  const prompt = signal<Prompt>(null);
  const taskStatus = signal<TaskStatus | null>(null);
  const taskSaved = signal(false);
  const droppedNote = signal<DroppedDeal | null>(null);
  /** This session's dropped deals, the queue's names, and when the deal on screen was shown. */
  const run = { dropped: [] as DroppedDeal[], names: new Map<LeadId, string>(), shownAt: 0 as EpochMs, taskSetHere: false };

  const current = (): ShownDeal | null => (session.value.kind === 'running' ? session.value.current : null);
  const isShown = (dealId: LeadId): boolean => current()?.deal.id === dealId;

  const refreshTaskStatus = async (dealId: LeadId): Promise<void> => {
    try {
      const status = deriveTaskStatus(await loadOpenTasks(env.amo, dealId), env.now(), env.account.timeZone);
      if (isShown(dealId)) taskStatus.value = status;
    } catch {
      // The task line keeps what the lead said; completing the overdue task is then not offered.
    }
  };

  const show = (shown: ShownDeal, state: ActiveSnapshot, open: boolean): void => {
    run.taskSetHere = false;
    run.shownAt = env.now();
    batch(() => {
      session.value = { kind: 'running', position: state.position, total: state.queue.length, current: shown };
      readyCount.value = state.queue.length - state.position;
      prompt.value = null;
      lastNote.value = 'loading';
      taskStatus.value = null;
      taskSaved.value = false;
    });
    if (open && env.currentLeadId() !== shown.deal.id) env.openLead(shown.deal.id);
    loadLastNote(env.amo, shown.deal.id).then(
      (note) => { if (isShown(shown.deal.id)) lastNote.value = note; },
      () => { if (isShown(shown.deal.id)) lastNote.value = null; },
    );
    // An overdue task is offered for completion in the task form: read which one it is.
    if (shown.taskState === 'overdue') void refreshTaskStatus(shown.deal.id);
  };

  const noteDropped = (found: DroppedDeal): void => {
    const deal = found.name === null ? { ...found, name: run.names.get(found.dealId) ?? null } : found;
    run.dropped = [...run.dropped, deal];
    droppedNote.value = deal;
  };

  const apply = async (next: SessionSnapshot, open: boolean): Promise<void> => {
    let state = next;
    while (state.kind === 'active') {
      const dealId = state.queue[state.position];
      const shownId = current()?.deal.id;
      deps.track(state);
      if (dealId === undefined) break;
      readyCount.value = state.queue.length - state.position;
      if (dealId === shownId) {
        session.value = { kind: 'running', position: state.position, total: state.queue.length, current: current() };
        return;
      }
      session.value = { kind: 'running', position: state.position, total: state.queue.length, current: null };
      const checked = await checkBeforeShowing(env.amo, dealId, await deps.checkContext());
      if (checked.kind === 'drop') {
        noteDropped(checked.dropped);
        state = await deps.advance(dealId, { kind: 'dropped' });
        continue;
      }
      show(checked.shown, state, open);
      return;
    }
    if (state.kind === 'ended') deps.onEnded(state.summary);
  };

  return {
    session, lastNote, prompt, taskStatus, taskSaved, droppedNote,
    current,
    begin: () => {
      run.dropped = [];
      batch(() => { session.value = { kind: 'starting' }; droppedNote.value = null; });
    },
    queued: (deals) => { run.names = new Map(deals.map((deal) => [deal.id, deal.name])); },
    apply,
    showJoined: async (joined) => {
      const dealId = joined.queue[joined.position];
      const deal = dealId === undefined ? null : await env.amo.getLead(dealId);
      deps.track(joined);
      if (deal) show(await describeFromHistory(env.amo, deal, env.now(), env.account.timeZone), joined, false);
      else await apply(joined, false);
    },
    noteDropped,
    judge: async () => {
      const shown = current();
      if (!shown) throw new Error('no deal on screen');
      return { ...await judgeWork(env.amo, shown, env.now(), run.shownAt), taskSetHere: run.taskSetHere };
    },
    taskWritten: async (dealId) => {
      run.taskSetHere = true;
      // The task line as amoCRM has it now (one read), so «Нет задачи»/«Просрочена» do not linger.
      await refreshTaskStatus(dealId);
      taskSaved.value = true;
    },
    end: (summary) => {
      batch(() => {
        session.value = { kind: 'ended', summary, dropped: run.dropped };
        prompt.value = null;
      });
    },
    dismiss: () => { if (session.value.kind === 'ended') session.value = { kind: 'none' }; },
  };
}
