/**
 * The focus session as a value: idle → active → ended. The widget and the service both apply
 * the same events to it; the service keeps the copy that distribution reads.
 *
 * Invalid events are ignored rather than thrown (a heartbeat from a tab that missed the end,
 * a second Stop click): the state stays as it was, which is what every caller wants.
 */
import type { EpochMs, LeadId, UserId } from '../brand';
import { nextLocalTime } from '../time/zone';
import type { FocusFilter } from './filter';

export interface SessionStats {
  readonly worked: number;
  readonly skipped: number;
  readonly snoozed: number;
  /** Deals taken off the queue because a recheck failed (closed, reassigned, changed). */
  readonly dropped: number;
  readonly movedStage: number;
  readonly tasksSet: number;
  readonly closed: number;
}

export type SessionEndReason = 'exhausted' | 'manual' | 'idle' | 'end_of_day';

export interface IdleSession { readonly kind: 'idle' }

export interface ActiveSession {
  readonly kind: 'active';
  readonly managerId: UserId;
  readonly startedAt: EpochMs;
  readonly queue: readonly LeadId[];
  /** Index of the deal on screen. */
  readonly position: number;
  readonly stats: SessionStats;
  /** Last heartbeat per browser tab; any live tab keeps the session alive. */
  readonly tabs: Readonly<Record<string, EpochMs>>;
}

export interface EndedSession {
  readonly kind: 'ended';
  readonly managerId: UserId;
  readonly startedAt: EpochMs;
  readonly endedAt: EpochMs;
  readonly reason: SessionEndReason;
  readonly queueLength: number;
  readonly stats: SessionStats;
}

export type FocusSession = IdleSession | ActiveSession | EndedSession;

export type DealOutcome =
  | { readonly kind: 'worked'; readonly movedStage: boolean; readonly taskSet: boolean; readonly closed: boolean }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'snoozed'; readonly until: EpochMs }
  | { readonly kind: 'dropped' };

export interface SessionLimits {
  readonly idleTimeoutMs: number;
  /** Local wall-clock minute the working day ends; null = no end-of-day stop. */
  readonly endOfDayMinute: number | null;
  readonly timezone: string;
}

/** The limits a manager's resolved filter sets, in the account's time zone. */
export function deriveSessionLimits(filter: FocusFilter, timezone: string): SessionLimits {
  return { idleTimeoutMs: filter.idleTimeoutMinutes * 60_000, endOfDayMinute: filter.endOfDayMinute, timezone };
}

export type SessionEvent =
  /** Start, or join the running session when one is active (a second tab). */
  | { readonly type: 'start'; readonly at: EpochMs; readonly tabId: string; readonly managerId: UserId; readonly queue: readonly LeadId[] }
  | { readonly type: 'heartbeat'; readonly at: EpochMs; readonly tabId: string }
  | { readonly type: 'advance'; readonly at: EpochMs; readonly outcome: DealOutcome }
  | { readonly type: 'stop'; readonly at: EpochMs }
  /** A timer or the service's sweep: nothing happened, but the session may be over by now. */
  | { readonly type: 'tick'; readonly at: EpochMs };

export const EMPTY_STATS: SessionStats = { worked: 0, skipped: 0, snoozed: 0, dropped: 0, movedStage: 0, tasksSet: 0, closed: 0 };
export const IDLE_SESSION: IdleSession = { kind: 'idle' };

export function selectLastHeartbeat(session: ActiveSession): EpochMs {
  return Math.max(session.startedAt, ...Object.values(session.tabs)) as EpochMs;
}

export function selectCurrentDeal(session: FocusSession): LeadId | null {
  return session.kind === 'active' ? session.queue[session.position] ?? null : null;
}

function endSession(session: ActiveSession, reason: SessionEndReason, endedAt: EpochMs): EndedSession {
  const { managerId, startedAt, stats } = session;
  return { kind: 'ended', managerId, startedAt, endedAt, reason, stats, queueLength: session.queue.length };
}

/**
 * Why and when an active session is over, or null while it runs. Idle: no heartbeat for
 * `idleTimeoutMs` (a closed laptop must not keep someone out of distribution); the session is
 * dated to its last heartbeat, the time after it was not spent working. End of day: the first
 * `endOfDayMinute` after the session started, so a session begun at 19:00 runs until tomorrow's
 * end of day rather than ending at once.
 */
export function deriveSessionEnd(
  session: ActiveSession, now: EpochMs, lastHeartbeatAt: EpochMs, idleTimeoutMs: number,
  endOfDayMinute: number | null, timezone: string,
): { reason: SessionEndReason; at: EpochMs } | null {
  if (session.position >= session.queue.length) return { reason: 'exhausted', at: now };
  const endOfDay = endOfDayMinute === null ? null : nextLocalTime(timezone, session.startedAt, endOfDayMinute);
  const idleAt = lastHeartbeatAt + idleTimeoutMs;
  if (endOfDay !== null && endOfDay <= now && endOfDay <= idleAt) return { reason: 'end_of_day', at: endOfDay };
  if (idleAt <= now) return { reason: 'idle', at: lastHeartbeatAt };
  return null;
}

function countOutcome(stats: SessionStats, outcome: DealOutcome): SessionStats {
  switch (outcome.kind) {
    case 'worked':
      return {
        ...stats,
        worked: stats.worked + 1,
        movedStage: stats.movedStage + (outcome.movedStage ? 1 : 0),
        tasksSet: stats.tasksSet + (outcome.taskSet ? 1 : 0),
        closed: stats.closed + (outcome.closed ? 1 : 0),
      };
    case 'skipped': return { ...stats, skipped: stats.skipped + 1 };
    case 'snoozed': return { ...stats, snoozed: stats.snoozed + 1 };
    case 'dropped': return { ...stats, dropped: stats.dropped + 1 };
  }
}

function startOrJoin(session: FocusSession, event: Extract<SessionEvent, { type: 'start' }>): FocusSession {
  if (session.kind === 'active') return { ...session, tabs: { ...session.tabs, [event.tabId]: event.at } };
  const started: ActiveSession = {
    kind: 'active', managerId: event.managerId, startedAt: event.at, queue: event.queue, position: 0,
    stats: EMPTY_STATS, tabs: { [event.tabId]: event.at },
  };
  return event.queue.length === 0 ? endSession(started, 'exhausted', event.at) : started;
}

/** The session ended by idle / end of day at `at`, or the same session while it still runs. */
function expire(session: ActiveSession, at: EpochMs, limits: SessionLimits): ActiveSession | EndedSession {
  const end = deriveSessionEnd(session, at, selectLastHeartbeat(session), limits.idleTimeoutMs, limits.endOfDayMinute, limits.timezone);
  return end ? endSession(session, end.reason, end.at) : session;
}

/**
 * The next session value. Every event first ends a session whose idle timeout or end of day
 * passed before `event.at`, so a heartbeat from a laptop opened after an hour cannot revive a
 * session distribution already counted as over, and a start after it begins a fresh one.
 */
export function applySessionEvent(session: FocusSession, event: SessionEvent, limits: SessionLimits): FocusSession {
  const current = session.kind === 'active' ? expire(session, event.at, limits) : session;
  if (event.type === 'start') return startOrJoin(current, event);
  if (current.kind !== 'active') return current;
  switch (event.type) {
    case 'heartbeat':
      return { ...current, tabs: { ...current.tabs, [event.tabId]: event.at } };
    case 'advance': {
      const next = { ...current, position: current.position + 1, stats: countOutcome(current.stats, event.outcome) };
      return next.position >= next.queue.length ? endSession(next, 'exhausted', event.at) : next;
    }
    case 'stop':
      return endSession(current, 'manual', event.at);
    case 'tick':
      return current;
  }
}

export interface SessionSummary extends SessionStats {
  readonly durationMs: number;
  readonly queueLength: number;
  readonly reason: SessionEndReason | null;
}

/** The end-of-session summary (also live while active, with `reason` null). */
export function selectSessionSummary(session: ActiveSession | EndedSession, now: EpochMs): SessionSummary {
  const endedAt = session.kind === 'ended' ? session.endedAt : now;
  return {
    ...session.stats,
    durationMs: Math.max(0, endedAt - session.startedAt),
    queueLength: session.kind === 'ended' ? session.queueLength : session.queue.length,
    reason: session.kind === 'ended' ? session.reason : null,
  };
}
