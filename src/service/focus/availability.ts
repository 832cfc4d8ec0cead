/**
 * Availability of an account's managers as the service knows it: running focus sessions, self
 * pauses and "away" set by a head, plus the working schedule — folded by core deriveAvailability.
 * `loadAvailability` is what the distribution engine reads; nothing here calls amoCRM except
 * through the directory it is given (users, 60 s cache).
 */
import type { Kysely } from 'kysely';
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import { asUserId, epochMsOf } from '../../core/brand';
import {
  deriveAvailability, deriveAvailabilityMap, NO_MANAGER_STATE, type Availability, type ManagerState,
} from '../../core/distribution/availability';
import { deriveSessionEnd, selectLastHeartbeat } from '../../core/focus/session';
import { resolveAccountTimeZone } from '../../core/time/account-zone';
import { toWorkingSchedule, type WorkingSchedule } from '../../core/time/schedule';
import type { DirectoryCache } from '../accounts/directory';
import { participantIds, scheduleResolver } from '../distribution/pools';
import { loadConfig } from '../config/repository';
import type { Database } from '../store/schema';
import type { ManagerPauseKind } from '../store/tables-focus';
import { loadActiveSessions } from './sessions';
import type { AccountConfig, DistributionSection } from '../../contract/config';

type Db = Kysely<Database>;

/** The account-time rule (core resolveAccountTimeZone); focus.schedule.timezone is deprecated and ignored. */
function resolveTimezone(config: AccountConfig, accountTimezone: string | null): string {
  return resolveAccountTimeZone(config.general.timezone, accountTimezone);
}

export function deriveWorkingSchedule(config: AccountConfig, timezone: string): WorkingSchedule | null {
  return config.focus.schedule === null ? null : toWorkingSchedule(config.focus.schedule, timezone);
}

/**
 * Focus, self-pause and away per manager at `now`. A session whose idle timeout or end of day
 * has passed counts as over even before the sweep writes it: a closed laptop stops counting the
 * moment its timeout runs out, not at the next sweep.
 */
export async function loadManagerStates(db: Db, accountId: AccountId, now: EpochMs): Promise<Map<UserId, ManagerState>> {
  const [sessions, pauses] = await Promise.all([loadActiveSessions(db, accountId), loadPauses(db, accountId)]);
  const states = new Map<UserId, ManagerState>();
  const stateOf = (userId: UserId): ManagerState => states.get(userId) ?? NO_MANAGER_STATE;
  for (const { session, limits } of sessions) {
    if (session.kind !== 'active') continue;
    const end = deriveSessionEnd(session, now, selectLastHeartbeat(session), limits.idleTimeoutMs, limits.endOfDayMinute, limits.timezone);
    if (end === null) states.set(session.managerId, { ...stateOf(session.managerId), focus: { startedAt: session.startedAt } });
  }
  for (const { userId, kind, window, setBy, reason } of pauses) {
    states.set(userId, kind === 'self'
      ? { ...stateOf(userId), selfPause: window }
      : { ...stateOf(userId), away: { ...window, by: setBy, reason } });
  }
  return states;
}

/** The account's self-pauses and aways, branded as they leave the store. */
async function loadPauses(db: Db, accountId: AccountId) {
  const rows = await db.selectFrom('manager_pauses').selectAll().where('account_id', '=', accountId).execute();
  return rows.map((row) => ({
    userId: asUserId(Number(row.user_id)),
    kind: row.kind,
    window: { since: epochMsOf(row.since), until: row.until === null ? null : epochMsOf(row.until) },
    setBy: asUserId(Number(row.set_by)),
    reason: row.reason,
  }));
}

/**
 * Every user's availability at `now` (inactive seats are `absent`). `accountTimezone` is the
 * amoCRM account's zone, used when neither the schedule nor general settings name one.
 */
export async function loadAvailability(
  db: Db, accountId: AccountId, now: EpochMs, directory: Pick<DirectoryCache, 'get'>, accountTimezone: string | null = null,
): Promise<Map<UserId, Availability>> {
  const [{ users }, stored, states] = await Promise.all([
    directory.get(accountId), loadConfig(db, accountId), loadManagerStates(db, accountId, now),
  ]);
  const schedule = deriveWorkingSchedule(stored.config, resolveTimezone(stored.config, accountTimezone));
  return deriveAvailabilityMap(users, states, () => schedule, now);
}

/**
 * The team's answer to "who gets new leads now", the one distribution gives: the states above,
 * narrowed by distribution's working hours — a manager's own, else their pool's, judged by the same
 * scheduleResolver and core deriveAvailability the decision engine uses, in distribution's zone.
 * A manager in several pools is available while any of them is open to them; outside all of them,
 * they are outside hours until the earliest next start. People in no pool and without own hours
 * keep their states.
 */
export function narrowByDistributionHours(
  base: ReadonlyMap<UserId, Availability>, section: DistributionSection, timezone: string, now: EpochMs,
): Map<UserId, Availability> {
  const schedules = new Map<UserId, Array<WorkingSchedule | null>>();
  const add = (userId: UserId, schedule: WorkingSchedule | null): void => { schedules.set(userId, [...(schedules.get(userId) ?? []), schedule]); };
  for (const pool of section.pools) {
    const scheduleFor = scheduleResolver(section, pool, timezone);
    for (const userId of participantIds(pool)) add(userId, scheduleFor(userId));
  }
  for (const entry of section.managerHours) {
    const userId = asUserId(entry.userId);
    if (!schedules.has(userId)) add(userId, toWorkingSchedule(entry.hours, timezone));
  }
  const result = new Map(base);
  for (const [userId, list] of schedules) {
    if (base.get(userId)?.kind !== 'available' || list.includes(null)) continue;
    const verdicts = list.map((schedule) => deriveAvailability({ isActive: true }, NO_MANAGER_STATE, schedule, now));
    if (verdicts.some((verdict) => verdict.kind === 'available')) continue;
    const starts = verdicts.flatMap((verdict) => (verdict.kind === 'outside_hours' && verdict.nextStart !== null ? [verdict.nextStart] : []));
    result.set(userId, { kind: 'outside_hours', nextStart: starts.length === 0 ? null : starts.reduce((earliest, start) => (start < earliest ? start : earliest)) });
  }
  return result;
}

export interface PauseInput {
  accountId: AccountId;
  userId: UserId;
  kind: ManagerPauseKind;
  setBy: UserId;
  reason: string;
  since: EpochMs;
  until: EpochMs | null;
}

export async function setPause(db: Db, input: PauseInput): Promise<void> {
  const values = {
    set_by: input.setBy, reason: input.reason, since: new Date(input.since), until: input.until === null ? null : new Date(input.until),
  };
  await db.insertInto('manager_pauses')
    .values({ account_id: input.accountId, user_id: input.userId, kind: input.kind, ...values })
    .onConflict((conflict) => conflict.columns(['account_id', 'user_id', 'kind']).doUpdateSet(values))
    .execute();
}

/** True when there was a pause to lift. */
export async function clearPause(db: Db, accountId: AccountId, userId: UserId, kind: ManagerPauseKind): Promise<boolean> {
  const result = await db.deleteFrom('manager_pauses')
    .where('account_id', '=', accountId).where('user_id', '=', userId).where('kind', '=', kind)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
