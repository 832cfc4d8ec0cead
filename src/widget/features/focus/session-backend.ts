/**
 * Where the running session lives. With the service it is the service's session — the one
 * distribution reads, so new leads are paused. Without it (no address, unreachable, or it failed
 * mid-session) the same core session value runs in the tab: the queue still works, the pause does not.
 */
import type { EpochMs, LeadId, UserId } from '../../../core/brand';
import {
  applySessionEvent, EMPTY_STATS, IDLE_SESSION, selectSessionSummary,
  type DealOutcome, type FocusSession, type SessionLimits, type SessionSummary,
} from '../../../core/focus';
import { toOutcomeInput, type FocusServiceCalls, type FocusSessionView } from './focus-service';

export type SessionSnapshot =
  | { readonly kind: 'active'; readonly startedAt: EpochMs; readonly queue: readonly LeadId[]; readonly position: number; readonly summary: SessionSummary }
  | { readonly kind: 'ended'; readonly summary: SessionSummary };

export interface SessionBackend {
  /** True when the service holds the session, i.e. the manager is out of distribution. */
  readonly pausesDistribution: boolean;
  start(queue: readonly LeadId[]): Promise<SessionSnapshot>;
  advance(dealId: LeadId, outcome: DealOutcome): Promise<SessionSnapshot>;
  stop(): Promise<SessionSnapshot>;
  heartbeat(): Promise<SessionSnapshot>;
}

export function snapshotOfView(view: FocusSessionView): SessionSnapshot {
  return view.kind === 'active'
    ? { kind: 'active', startedAt: view.startedAt, queue: view.queue, position: view.position, summary: view.summary }
    : { kind: 'ended', summary: view.summary };
}

export function createRemoteBackend(calls: FocusServiceCalls, tabId: string): SessionBackend {
  const read = async (answer: Promise<{ session: FocusSessionView | null }>): Promise<SessionSnapshot> => {
    const { session } = await answer;
    if (session === null) throw new Error('the service answered without a session');
    return snapshotOfView(session);
  };
  return {
    pausesDistribution: true,
    start: (queue) => read(calls.startSession({ tabId, queue: [...queue] })),
    // `stale`: another tab already moved past this deal; its state is where the session is now.
    advance: (dealId, outcome) => read(calls.advance({ dealId, outcome: toOutcomeInput(outcome) }).then((result) => result.state)),
    stop: () => read(calls.stopSession()),
    heartbeat: () => read(calls.heartbeat(tabId)),
  };
}

function snapshotOf(session: FocusSession, now: EpochMs): SessionSnapshot {
  if (session.kind === 'idle') throw new Error('a local session was used before it started');
  const summary = selectSessionSummary(session, now);
  return session.kind === 'active'
    ? { kind: 'active', startedAt: session.startedAt, queue: session.queue, position: session.position, summary }
    : { kind: 'ended', summary };
}

/** `from`: carry on a session the service held until it became unreachable. */
export function createLocalBackend(
  managerId: UserId, tabId: string, limits: SessionLimits, now: () => EpochMs, from?: Extract<SessionSnapshot, { kind: 'active' }>,
): SessionBackend {
  let session: FocusSession = from
    ? {
      kind: 'active', managerId, startedAt: from.startedAt, queue: from.queue, position: from.position,
      stats: { ...EMPTY_STATS, ...pickStats(from.summary) }, tabs: { [tabId]: now() },
    }
    : IDLE_SESSION;
  const apply = (event: Parameters<typeof applySessionEvent>[1]): Promise<SessionSnapshot> => {
    session = applySessionEvent(session, event, limits);
    return Promise.resolve(snapshotOf(session, event.at));
  };
  return {
    pausesDistribution: false,
    start: (queue) => apply({ type: 'start', at: now(), tabId, managerId, queue }),
    advance: (_dealId, outcome) => apply({ type: 'advance', at: now(), outcome }),
    stop: () => apply({ type: 'stop', at: now() }),
    heartbeat: () => apply({ type: 'heartbeat', at: now(), tabId }),
  };
}

function pickStats(summary: SessionSummary): typeof EMPTY_STATS {
  const { worked, skipped, snoozed, dropped, movedStage, tasksSet, closed } = summary;
  return { worked, skipped, snoozed, dropped, movedStage, tasksSet, closed };
}
