/**
 * Whether a manager can take work right now — one value that distribution, the launcher banner
 * and other systems (telephony, over the service's availability endpoint) all read.
 */
import type { EpochMs, UserId } from '../brand';
import { isWithinWorkingHours, nextWorkingStart, type WorkingSchedule } from '../time/schedule';

export type Availability =
  | { readonly kind: 'available' }
  | { readonly kind: 'focus'; readonly since: EpochMs }
  | { readonly kind: 'self_paused'; readonly since: EpochMs; readonly until: EpochMs | null }
  /** Set by a head: who, why, and until when (null = until they lift it). */
  | { readonly kind: 'away'; readonly by: UserId; readonly reason: string; readonly until: EpochMs | null }
  | { readonly kind: 'outside_hours'; readonly nextStart: EpochMs | null }
  /** The amoCRM seat is disabled (`is_active: false`), or the user is unknown. */
  | { readonly kind: 'absent' };

/** What the service knows about a manager besides amoCRM's own user record. */
export interface ManagerState {
  /** The running focus session, if any. Callers end idle/expired sessions first (see focus/session). */
  readonly focus: { readonly startedAt: EpochMs } | null;
  readonly selfPause: { readonly since: EpochMs; readonly until: EpochMs | null } | null;
  readonly away: { readonly by: UserId; readonly reason: string; readonly since: EpochMs; readonly until: EpochMs | null } | null;
}

export const NO_MANAGER_STATE: ManagerState = { focus: null, selfPause: null, away: null };

const isCurrent = (window: { since: EpochMs; until: EpochMs | null }, now: EpochMs): boolean =>
  window.since <= now && (window.until === null || now < window.until);

/**
 * The manager's availability at `now`. When several apply, the strongest wins:
 * absent → away (a head's word) → focus → self-paused → outside working hours → available.
 * A pause or away whose `until` has passed simply no longer applies: nobody has to lift it.
 * `schedule` null = no working-hours restriction for this manager.
 */
export function deriveAvailability(
  manager: { readonly isActive: boolean }, state: ManagerState, schedule: WorkingSchedule | null, now: EpochMs,
): Availability {
  if (!manager.isActive) return { kind: 'absent' };
  if (state.away && isCurrent(state.away, now)) {
    return { kind: 'away', by: state.away.by, reason: state.away.reason, until: state.away.until };
  }
  if (state.focus) return { kind: 'focus', since: state.focus.startedAt };
  if (state.selfPause && isCurrent(state.selfPause, now)) {
    return { kind: 'self_paused', since: state.selfPause.since, until: state.selfPause.until };
  }
  if (schedule && !isWithinWorkingHours(schedule, now)) {
    return { kind: 'outside_hours', nextStart: nextWorkingStart(schedule, now) };
  }
  return { kind: 'available' };
}

/**
 * Availability of many managers at once, for decideWithTrigger. `scheduleFor` picks each
 * manager's working hours (their own, or the pool's / account's); a manager with no stored state
 * has none of focus, pause or away.
 */
export function deriveAvailabilityMap(
  managers: ReadonlyArray<{ readonly id: UserId; readonly isActive: boolean }>,
  states: ReadonlyMap<UserId, ManagerState>,
  scheduleFor: (managerId: UserId) => WorkingSchedule | null,
  now: EpochMs,
): Map<UserId, Availability> {
  return new Map(managers.map((manager) => [
    manager.id,
    deriveAvailability(manager, states.get(manager.id) ?? NO_MANAGER_STATE, scheduleFor(manager.id), now),
  ]));
}
