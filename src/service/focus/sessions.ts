/**
 * Focus sessions in the store. Every change is the core state machine (applySessionEvent) applied
 * to the row under `SELECT … FOR UPDATE`, so two tabs, two service instances or the sweep never
 * lose each other's writes. One active row per manager is enforced by the unique partial index
 * `focus_sessions_one_active`; a start that loses the insert race joins the winner's session.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AccountId, EpochMs, LeadId, UserId } from '../../core/brand';
import {
  applySessionEvent, EMPTY_STATS, IDLE_SESSION, selectLastHeartbeat,
  type ActiveSession, type EndedSession, type FocusSession, type SessionEvent, type SessionLimits, type SessionStats,
} from '../../core/focus/session';
import { nextLocalTime } from '../../core/time/zone';
import type { Database } from '../store/schema';
import type { FocusSessionsTable } from '../store/tables-focus';
import { asAccountId, asLeadId, asUserId, epochMsOf } from '../../core/brand';

type Db = Kysely<Database>;
type Row = Selectable<FocusSessionsTable>;

export interface StoredSession {
  readonly id: string;
  readonly accountId: AccountId;
  readonly session: ActiveSession | EndedSession;
  readonly limits: SessionLimits;
  readonly endOfDayAt: EpochMs | null;
}

/** A change that ended a running session: the caller tells distribution the manager is back. */
export interface SessionEnded { readonly accountId: AccountId; readonly userId: UserId; readonly sessionId: string; readonly reason: EndedSession['reason'] }

export interface SessionChange {
  readonly stored: StoredSession | null;
  readonly ended: SessionEnded | null;
}

/** Runs inside the transaction that ended a session (enqueue the availability job there). */
export type OnSessionEnded = (trx: Transaction<Database>, ended: SessionEnded) => Promise<void>;

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const json = (value: unknown) => sql<string>`${JSON.stringify(value)}::jsonb`;
const ms = (date: Date): EpochMs => epochMsOf(date);

function parseStats(value: unknown): SessionStats {
  const raw = parseJson(value);
  const record = typeof raw === 'object' && raw !== null ? raw as Record<string, unknown> : {};
  const count = (key: keyof SessionStats): number => (typeof record[key] === 'number' ? record[key] : 0);
  return {
    worked: count('worked'), skipped: count('skipped'), snoozed: count('snoozed'), dropped: count('dropped'),
    movedStage: count('movedStage'), tasksSet: count('tasksSet'), closed: count('closed'),
  };
}

function parseTabs(value: unknown): Record<string, EpochMs> {
  const raw = parseJson(value);
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, number] => typeof entry[1] === 'number')) as Record<string, EpochMs>;
}

function parseQueue(value: unknown): LeadId[] {
  const raw = parseJson(value);
  return Array.isArray(raw) ? raw.filter((id): id is number => typeof id === 'number').map(asLeadId) : [];
}

function toStoredSession(row: Row): StoredSession {
  const base = { managerId: asUserId(Number(row.user_id)), startedAt: ms(row.started_at), stats: parseStats(row.stats) };
  const queue = parseQueue(row.queue);
  const session: ActiveSession | EndedSession = row.state === 'active' || row.ended_at === null || row.end_reason === null
    ? { kind: 'active', ...base, queue, position: row.position, tabs: parseTabs(row.tabs) }
    : { kind: 'ended', ...base, endedAt: ms(row.ended_at), reason: row.end_reason, queueLength: queue.length };
  return {
    id: String(row.id),
    accountId: asAccountId(Number(row.account_id)),
    session,
    limits: { idleTimeoutMs: row.idle_timeout_ms, endOfDayMinute: row.end_of_day_minute, timezone: row.timezone },
    endOfDayAt: row.end_of_day_at === null ? null : ms(row.end_of_day_at),
  };
}

async function lockActive(trx: Transaction<Database>, accountId: AccountId, userId: UserId): Promise<Row | undefined> {
  return trx.selectFrom('focus_sessions').selectAll()
    .where('account_id', '=', accountId).where('user_id', '=', userId).where('state', '=', 'active')
    .forUpdate().executeTakeFirst();
}

/** Writes the session value back onto its row; returns the end, if this change ended it. */
async function persist(trx: Transaction<Database>, row: Row, next: FocusSession, now: EpochMs): Promise<SessionEnded | null> {
  if (next.kind === 'idle') return null;
  const common = { position: next.kind === 'active' ? next.position : row.position, stats: json(next.stats), updated_at: new Date(now) };
  if (next.kind === 'active') {
    await trx.updateTable('focus_sessions')
      .set({ ...common, tabs: json(next.tabs), last_heartbeat_at: new Date(selectLastHeartbeat(next)) })
      .where('id', '=', row.id).execute();
    return null;
  }
  await trx.updateTable('focus_sessions')
    .set({ ...common, state: 'ended', ended_at: new Date(next.endedAt), end_reason: next.reason })
    .where('id', '=', row.id).execute();
  return { accountId: asAccountId(Number(row.account_id)), userId: next.managerId, sessionId: String(row.id), reason: next.reason };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export interface StartInput {
  accountId: AccountId;
  userId: UserId;
  tabId: string;
  queue: readonly LeadId[];
  limits: SessionLimits;
  now: EpochMs;
}

/**
 * Starts a session, or joins the running one (a second tab). A running session whose idle
 * timeout or end of day already passed is ended first (reported in `ended`) and a fresh one begins.
 */
export async function startSession(db: Db, input: StartInput, onEnded: OnSessionEnded): Promise<SessionChange> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction().execute((trx) => startOrJoin(trx, input, onEnded));
    } catch (error) {
      // Another start inserted first (another tab, another instance): join it on the next pass.
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

async function startOrJoin(trx: Transaction<Database>, input: StartInput, onEnded: OnSessionEnded): Promise<SessionChange> {
  const { accountId, userId, tabId, now, limits } = input;
  const event: SessionEvent = { type: 'start', at: now, tabId, managerId: userId, queue: input.queue };
  const row = await lockActive(trx, accountId, userId);
  let ended: SessionEnded | null = null;
  if (row !== undefined) {
    const stored = toStoredSession(row);
    const next = applySessionEvent(stored.session, event, stored.limits);
    if (next.kind === 'active' && next.startedAt === stored.session.startedAt) {
      await persist(trx, row, next, now);
      return { stored: toStoredSession(await reread(trx, row.id)), ended: null };
    }
    // The old session was over before this start: close it at its own end time, then begin anew.
    ended = await persist(trx, row, applySessionEvent(stored.session, { type: 'tick', at: now }, stored.limits), now);
    if (ended) await onEnded(trx, ended);
  }
  const fresh = applySessionEvent(IDLE_SESSION, event, limits);
  if (fresh.kind === 'idle') throw new Error('a start event always leaves the idle state');
  const endOfDayAt = limits.endOfDayMinute === null ? null : nextLocalTime(limits.timezone, now, limits.endOfDayMinute);
  const inserted = await trx.insertInto('focus_sessions').values({
    account_id: accountId, user_id: userId,
    state: fresh.kind, started_at: new Date(now),
    ended_at: fresh.kind === 'ended' ? new Date(fresh.endedAt) : null,
    end_reason: fresh.kind === 'ended' ? fresh.reason : null,
    queue: json(input.queue), position: 0, stats: json(EMPTY_STATS),
    tabs: json({ [tabId]: now }), last_heartbeat_at: new Date(now),
    idle_timeout_ms: limits.idleTimeoutMs, end_of_day_minute: limits.endOfDayMinute, timezone: limits.timezone,
    end_of_day_at: endOfDayAt === null ? null : new Date(endOfDayAt),
    updated_at: new Date(now),
  }).returningAll().executeTakeFirstOrThrow();
  return { stored: toStoredSession(inserted), ended };
}

async function reread(trx: Transaction<Database>, id: Row['id']): Promise<Row> {
  return trx.selectFrom('focus_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Applies a heartbeat / advance / stop / tick to the manager's running session. `stored` is null
 * when there is none; an event that finds the session already over ends it (reported in `ended`).
 */
export async function applyToActiveSession(
  db: Db, accountId: AccountId, userId: UserId, event: Exclude<SessionEvent, { type: 'start' }>, onEnded: OnSessionEnded,
): Promise<SessionChange> {
  return db.transaction().execute(async (trx) => {
    const row = await lockActive(trx, accountId, userId);
    if (row === undefined) return { stored: null, ended: null };
    const stored = toStoredSession(row);
    const ended = await persist(trx, row, applySessionEvent(stored.session, event, stored.limits), event.at);
    if (ended) await onEnded(trx, ended);
    return { stored: toStoredSession(await reread(trx, row.id)), ended };
  });
}

/** The running session, else the last ended one. */
export async function loadLatestSession(db: Db, accountId: AccountId, userId: UserId): Promise<StoredSession | null> {
  const row = await db.selectFrom('focus_sessions').selectAll()
    .where('account_id', '=', accountId).where('user_id', '=', userId)
    .orderBy(sql`state = 'active'`, 'desc').orderBy('started_at', 'desc').orderBy('id', 'desc')
    .limit(1).executeTakeFirst();
  return row === undefined ? null : toStoredSession(row);
}

export async function loadActiveSessions(db: Db, accountId: AccountId): Promise<StoredSession[]> {
  const rows = await db.selectFrom('focus_sessions').selectAll()
    .where('account_id', '=', accountId).where('state', '=', 'active').execute();
  return rows.map(toStoredSession);
}

/**
 * Ends every session (all accounts) whose idle timeout or end of day has passed at `now`.
 * Candidates come from an index scan; each is then re-checked under its row lock by the same
 * state machine, so a heartbeat that landed in between wins and concurrent sweeps end a session once.
 */
export async function sweepSessions(db: Db, now: EpochMs, onEnded: OnSessionEnded): Promise<SessionEnded[]> {
  const at = new Date(now);
  const candidates = await db.selectFrom('focus_sessions').select(['account_id', 'user_id'])
    .where('state', '=', 'active')
    .where((eb) => eb.or([
      eb(sql`last_heartbeat_at + idle_timeout_ms * interval '1 millisecond'`, '<=', at),
      eb('end_of_day_at', '<=', at),
    ]))
    .execute();
  const ended: SessionEnded[] = [];
  for (const candidate of candidates) {
    const change = await applyToActiveSession(
      db, asAccountId(Number(candidate.account_id)), asUserId(Number(candidate.user_id)), { type: 'tick', at: now }, onEnded,
    );
    if (change.ended) ended.push(change.ended);
  }
  return ended;
}
