/**
 * The numbers, as SQL over the mirror (one scan per view; test/bench/analytics.ts measures them at
 * 100,000 deals). Each query mirrors a core function, and test/service/analytics-queries.test.ts
 * holds them to it on the same rows:
 * - funnel / cohort "entered" and "progressed": core computeStageConversion / hasReachedStage over
 *   the derived `visited` column (a won deal is past every stage; `assume_passed` counts a deal in
 *   every stage up to the furthest one it reached);
 * - losses: core computeLossesByStageAndReason; tasks on time: core computeTaskTimeliness.
 * `userIds` null = every manager (an admin); otherwise only deals and tasks of those managers.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { StatusId } from '../../core/brand';
import { tallyStageConversion, type SkippedStagePolicy, type StageConversionRow } from '../../core/analytics/funnel';
import type { Database } from '../store/schema';

export interface Scope { accountId: number; userIds: readonly number[] | null }

const WON = 142;
const LOST = 143;

export const scoped = (scope: Scope, column = 'responsible_user_id'): RawBuilder<unknown> =>
  scope.userIds === null ? sql`true` : sql`${sql.ref(column)} = ANY(${[...scope.userIds]}::bigint[])`;

const num = (value: unknown): number => Number(value ?? 0);
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** "Entered stage i" (by policy) as SQL over a lead row; `stages` in board order. */
function enteredSql(stages: readonly number[], index: number, policy: SkippedStagePolicy): RawBuilder<unknown> {
  if (policy === 'visited_only') return sql`visited @> ARRAY[${stages[index]}]::bigint[]`;
  return sql`(status_id = ${WON} OR visited && ${stages.slice(index)}::bigint[])`;
}

// ---------------------------------------------------------------------------------------------
// Checklist

export interface LiveCounts { userId: number; openDeals: number; withoutTask: number; withOverdueTask: number }

export async function queryLiveCounts(db: Kysely<Database>, scope: Scope, now: number): Promise<LiveCounts[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT responsible_user_id AS u, count(*) AS open,
      count(*) FILTER (WHERE closest_task_at IS NULL) AS no_task,
      count(*) FILTER (WHERE closest_task_at < ${now}) AS overdue
    FROM analytics_leads
    WHERE account_id = ${scope.accountId} AND status_id NOT IN (${WON}, ${LOST}) AND ${scoped(scope)}
    GROUP BY responsible_user_id`.execute(db);
  return rows.map((r) => ({ userId: num(r.u), openDeals: num(r.open), withoutTask: num(r.no_task), withOverdueTask: num(r.overdue) }));
}

/** Weeks (indexes) in which any snapshot of the account was taken: there, a manager without a row had no open deals. */
export async function querySnapshotWeeks(db: Kysely<Database>, accountId: number, weekFirstDays: readonly string[]): Promise<Set<number>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT DISTINCT width_bucket(day, ${[...weekFirstDays]}::text[]) AS w FROM analytics_snapshots
    WHERE account_id = ${accountId} AND day >= ${weekFirstDays[0]} AND day < ${weekFirstDays[weekFirstDays.length - 1]}`.execute(db);
  return new Set(rows.map((r) => num(r.w) - 1));
}

/** Per manager and week (index into `weekFirstDays`): the last snapshot taken in that week. */
export async function querySnapshotCounts(db: Kysely<Database>, scope: Scope, weekFirstDays: readonly string[]): Promise<Array<LiveCounts & { week: number }>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT DISTINCT ON (user_id, w) user_id AS u, w, open_deals, without_task, with_overdue_task
    FROM (
      SELECT *, width_bucket(day, ${[...weekFirstDays]}::text[]) AS w FROM analytics_snapshots
      WHERE account_id = ${scope.accountId} AND day >= ${weekFirstDays[0]} AND day < ${weekFirstDays[weekFirstDays.length - 1]} AND ${scoped(scope, 'user_id')}
    ) s
    ORDER BY user_id, w, day DESC`.execute(db);
  return rows.map((r) => ({
    userId: num(r.u), week: num(r.w) - 1, openDeals: num(r.open_deals), withoutTask: num(r.without_task), withOverdueTask: num(r.with_overdue_task),
  }));
}

export interface WeeklyTasks { userId: number; week: number; due: number; onTime: number }

/** Tasks due in each week that are completed or already past due, and those completed by their due time. */
export async function queryWeeklyTasks(db: Kysely<Database>, scope: Scope, bounds: readonly number[], now: number): Promise<WeeklyTasks[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT responsible_user_id AS u, width_bucket(complete_till, ${[...bounds]}::bigint[]) AS w,
      count(*) FILTER (WHERE is_completed OR complete_till < ${now}) AS due,
      count(*) FILTER (WHERE is_completed AND updated_at <= complete_till) AS on_time
    FROM analytics_tasks
    WHERE account_id = ${scope.accountId} AND complete_till >= ${bounds[0]} AND complete_till < ${bounds[bounds.length - 1]} AND ${scoped(scope)}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ userId: num(r.u), week: num(r.w) - 1, due: num(r.due), onTime: num(r.on_time) }));
}

export interface WeeklyLosses { userId: number; week: number; reasonId: number | null; count: number; value: number }

export async function queryWeeklyLosses(db: Kysely<Database>, scope: Scope, bounds: readonly number[]): Promise<WeeklyLosses[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT responsible_user_id AS u, width_bucket(closed_at, ${[...bounds]}::bigint[]) AS w, loss_reason_id AS r, count(*) AS n, sum(price) AS v
    FROM analytics_leads
    WHERE account_id = ${scope.accountId} AND status_id = ${LOST} AND closed_at >= ${bounds[0]} AND closed_at < ${bounds[bounds.length - 1]} AND ${scoped(scope)}
    GROUP BY 1, 2, 3`.execute(db);
  return rows.map((r) => ({ userId: num(r.u), week: num(r.w) - 1, reasonId: numOrNull(r.r), count: num(r.n), value: num(r.v) }));
}

export interface WeeklyMature { userId: number; week: number; leads: number; won: number }

/** Leads created in each week's mature window (core deriveMatureWindow: the week shifted back by the cut-off). */
export async function queryWeeklyMature(db: Kysely<Database>, scope: Scope, bounds: readonly number[], maturityDays: number): Promise<WeeklyMature[]> {
  const shift = maturityDays * 86_400;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT responsible_user_id AS u, width_bucket(created_at + ${shift}, ${[...bounds]}::bigint[]) AS w,
      count(*) AS n, count(*) FILTER (WHERE status_id = ${WON}) AS won
    FROM analytics_leads
    WHERE account_id = ${scope.accountId} AND created_at >= ${(bounds[0] ?? 0) - shift} AND created_at < ${(bounds[bounds.length - 1] ?? 0) - shift} AND ${scoped(scope)}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ userId: num(r.u), week: num(r.w) - 1, leads: num(r.n), won: num(r.won) }));
}

export interface WeeklyReceived { userId: number; week: number; count: number }

/** Leads given by distribution (its decision log); null when the account has no decisions at all. */
export async function queryWeeklyReceived(db: Kysely<Database>, scope: Scope, bounds: readonly number[]): Promise<WeeklyReceived[] | null> {
  const any = await db.selectFrom('distribution_decisions').select('id').where('account_id', '=', scope.accountId).limit(1).executeTakeFirst();
  if (any === undefined) return null;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT user_id AS u, width_bucket(extract(epoch FROM at)::bigint, ${[...bounds]}::bigint[]) AS w, count(*) AS n
    FROM distribution_decisions
    WHERE account_id = ${scope.accountId} AND kind = 'assigned' AND user_id IS NOT NULL
      AND at >= to_timestamp(${bounds[0]}) AND at < to_timestamp(${bounds[bounds.length - 1]}) AND ${scoped(scope, 'user_id')}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ userId: num(r.u), week: num(r.w) - 1, count: num(r.n) }));
}

// ---------------------------------------------------------------------------------------------
// Stage funnel

export interface FunnelCounts { deals: number; won: number; lost: number; rows: StageConversionRow[] }

/**
 * Deals created in the period, grouped by their track (stages visited, won, lost from): a few
 * hundred groups instead of one filtered count per stage and number over every deal; the counts
 * per stage are then core tallyStageConversion over the groups.
 */
export async function queryFunnel(
  db: Kysely<Database>, scope: Scope, pipelineId: number, stages: readonly number[], period: { from: number; to: number }, policy: SkippedStagePolicy,
): Promise<FunnelCounts> {
  const { rows } = await sql<{ visited: Array<string | number>; status: string | number; lost_from: string | number | null; n: string | number }>`
    SELECT visited, CASE WHEN status_id IN (${WON}, ${LOST}) THEN status_id ELSE 0 END AS status,
      CASE WHEN status_id = ${LOST} THEN lost_from_status_id END AS lost_from, count(*) AS n
    FROM analytics_leads
    WHERE account_id = ${scope.accountId} AND pipeline_id = ${pipelineId} AND created_at >= ${period.from} AND created_at < ${period.to} AND ${scoped(scope)}
    GROUP BY 1, 2, 3`.execute(db);
  const tracks = rows.map((r) => ({
    track: { visited: new Set(r.visited.map((v) => Number(v) as StatusId)), won: num(r.status) === WON, lostFrom: numOrNull(r.lost_from) as StatusId | null },
    deals: num(r.n),
  }));
  const count = (status: number): number => rows.reduce((n, r) => n + (num(r.status) === status ? num(r.n) : 0), 0);
  return {
    deals: tracks.reduce((n, t) => n + t.deals, 0), won: count(WON), lost: count(LOST),
    rows: tallyStageConversion(stages as StatusId[], tracks, policy),
  };
}

// ---------------------------------------------------------------------------------------------
// Losses

export interface LossFilter { from: number; to: number; pipelineId?: number | undefined }

const lossWhere = (scope: Scope, f: LossFilter): RawBuilder<unknown> => sql`
  account_id = ${scope.accountId} AND status_id = ${LOST} AND closed_at >= ${f.from} AND closed_at < ${f.to}
  AND ${f.pipelineId === undefined ? sql`true` : sql`pipeline_id = ${f.pipelineId}`} AND ${scoped(scope)}`;

export interface LossCellRow { lostFromStatusId: number | null; reasonId: number | null; count: number; value: number }

export async function queryLosses(db: Kysely<Database>, scope: Scope, f: LossFilter): Promise<LossCellRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT lost_from_status_id AS s, loss_reason_id AS r, count(*) AS n, sum(price) AS v
    FROM analytics_leads WHERE ${lossWhere(scope, f)}
    GROUP BY 1, 2 ORDER BY n DESC, v DESC`.execute(db);
  return rows.map((r) => ({ lostFromStatusId: numOrNull(r.s), reasonId: numOrNull(r.r), count: num(r.n), value: num(r.v) }));
}

export interface DealRow {
  id: number; name: string; price: number; responsibleUserId: number; pipelineId: number; statusId: number;
  lostFromStatusId: number | null; reasonId: number | null; closedAt: number | null; enteredStatusAt: number; closestTaskAt: number | null;
}

const toDealRow = (r: Record<string, unknown>): DealRow => ({
  id: num(r.id), name: String(r.name), price: num(r.price), responsibleUserId: num(r.responsible_user_id), pipelineId: num(r.pipeline_id),
  statusId: num(r.status_id), lostFromStatusId: numOrNull(r.lost_from_status_id), reasonId: numOrNull(r.loss_reason_id),
  closedAt: numOrNull(r.closed_at), enteredStatusAt: num(r.entered_status_at), closestTaskAt: numOrNull(r.closest_task_at),
});

const DEAL_COLUMNS = sql`id, name, price, responsible_user_id, pipeline_id, status_id, lost_from_status_id, loss_reason_id, closed_at, entered_status_at, closest_task_at`;

export async function queryLossDeals(
  db: Kysely<Database>, scope: Scope, f: LossFilter & { lostFromStatusId: number | null; reasonId: number | null; limit: number; offset: number },
): Promise<{ items: DealRow[]; total: number }> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${DEAL_COLUMNS}, count(*) OVER () AS total
    FROM analytics_leads
    WHERE ${lossWhere(scope, f)} AND lost_from_status_id IS NOT DISTINCT FROM ${f.lostFromStatusId}::bigint AND loss_reason_id IS NOT DISTINCT FROM ${f.reasonId}::bigint
    ORDER BY price DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return { items: rows.map(toDealRow), total: num(rows[0]?.total) };
}

// ---------------------------------------------------------------------------------------------
// Cohorts

export interface CohortBucket { bucket: number; key: string | null; created: number; reached: number[]; stepped: number[]; won: number; lost: number }

export async function queryCohorts(
  db: Kysely<Database>, scope: Scope,
  q: { pipelineId: number; stages: readonly number[]; bounds: readonly number[]; policy: SkippedStagePolicy; tag?: string | undefined; sliceBy?: 'manager' | 'tag' | undefined },
): Promise<CohortBucket[]> {
  const reached = q.stages.flatMap((_, i) => [
    sql`count(*) FILTER (WHERE ${enteredSql(q.stages, i, q.policy)}) AS ${sql.ref(`r${i}`)}`,
    // core finishCounts: a step is read among the deals that reached the stage before.
    i === 0 ? sql`0 AS s0` : sql`count(*) FILTER (WHERE ${enteredSql(q.stages, i - 1, q.policy)} AND ${enteredSql(q.stages, i, q.policy)}) AS ${sql.ref(`s${i}`)}`,
  ]);
  const key = q.sliceBy === 'manager' ? sql`responsible_user_id::text` : q.sliceBy === 'tag' ? sql`t.tag` : sql`NULL::text`;
  const from = q.sliceBy === 'tag' ? sql`analytics_leads CROSS JOIN LATERAL unnest(tags) AS t(tag)` : sql`analytics_leads`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT width_bucket(created_at, ${[...q.bounds]}::bigint[]) AS b, ${key} AS k, count(*) AS n,
      count(*) FILTER (WHERE status_id = ${WON}) AS won, count(*) FILTER (WHERE status_id = ${LOST}) AS lost
      ${reached.length === 0 ? sql`` : sql`, ${sql.join(reached)}`}
    FROM ${from}
    WHERE account_id = ${scope.accountId} AND pipeline_id = ${q.pipelineId}
      AND created_at >= ${q.bounds[0]} AND created_at < ${q.bounds[q.bounds.length - 1]} AND ${scoped(scope)}
      AND ${q.tag === undefined ? sql`true` : sql`tags @> ARRAY[${q.tag}]::text[]`}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({
    bucket: num(r.b) - 1, key: r.k === null || r.k === undefined ? null : String(r.k), created: num(r.n), won: num(r.won), lost: num(r.lost),
    reached: q.stages.map((_, i) => num(r[`r${i}`])), stepped: q.stages.map((_, i) => num(r[i === 0 ? 'r0' : `s${i}`])),
  }));
}

/** Tags on the deals in scope (of one pipeline, or all), most used first. */
export async function queryTags(db: Kysely<Database>, scope: Scope, pipelineId: number | undefined): Promise<Array<{ name: string; deals: number }>> {
  const { rows } = await sql<{ tag: string; n: string | number }>`
    SELECT t.tag, count(*) AS n FROM analytics_leads CROSS JOIN LATERAL unnest(tags) AS t(tag)
    WHERE account_id = ${scope.accountId} AND ${pipelineId === undefined ? sql`true` : sql`pipeline_id = ${pipelineId}`} AND ${scoped(scope)}
    GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 500`.execute(db);
  return rows.map((r) => ({ name: r.tag, deals: num(r.n) }));
}

/** The 80th percentile of (closed − created) over the pipeline's won deals, in seconds, and how many there are. */
export async function queryTimeToWin(db: Kysely<Database>, accountId: number, pipelineId: number | null): Promise<{ p80: number | null; won: number }> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT percentile_cont(0.8) WITHIN GROUP (ORDER BY greatest(0, closed_at - created_at)) AS p80, count(*) AS n
    FROM analytics_leads WHERE account_id = ${accountId} AND ${pipelineId === null ? sql`true` : sql`pipeline_id = ${pipelineId}`}
      AND status_id = ${WON} AND closed_at IS NOT NULL`.execute(db);
  return { p80: numOrNull(rows[0]?.p80), won: num(rows[0]?.n) };
}

// ---------------------------------------------------------------------------------------------
// Control lists

export interface ControlFilter { pipelineId?: number | undefined; limit: number; offset: number }

const controlWhere = (scope: Scope, f: ControlFilter): RawBuilder<unknown> => sql`
  account_id = ${scope.accountId} AND status_id NOT IN (${WON}, ${LOST})
  AND ${f.pipelineId === undefined ? sql`true` : sql`pipeline_id = ${f.pipelineId}`} AND ${scoped(scope)}`;

/** Open deals longer in their stage (since entering it) than the stage's limit; longest beyond the limit first. */
export async function queryStuck(
  db: Kysely<Database>, scope: Scope, f: ControlFilter, limits: ReadonlyMap<number, number>, now: number,
): Promise<{ items: Array<DealRow & { limitDays: number }>; total: number }> {
  if (limits.size === 0) return { items: [], total: 0 };
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${DEAL_COLUMNS}, lim.days AS limit_days, count(*) OVER () AS total
    FROM analytics_leads JOIN unnest(${[...limits.keys()]}::bigint[], ${[...limits.values()]}::float8[]) AS lim(status, days) ON lim.status = status_id
    WHERE ${controlWhere(scope, f)} AND (${now} - entered_status_at) / 86400.0 > lim.days
    ORDER BY (${now} - entered_status_at) / 86400.0 - lim.days DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return { items: rows.map((r) => ({ ...toDealRow(r), limitDays: num(r.limit_days) })), total: num(rows[0]?.total) };
}

/** Open deals whose nearest task is more than `days` ahead; furthest first. Deals with no task are another list. */
export async function queryDistantTasks(
  db: Kysely<Database>, scope: Scope, f: ControlFilter, days: number, now: number,
): Promise<{ items: DealRow[]; total: number }> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${DEAL_COLUMNS}, count(*) OVER () AS total
    FROM analytics_leads
    WHERE ${controlWhere(scope, f)} AND closest_task_at > ${now + days * 86_400}
    ORDER BY closest_task_at DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
  return { items: rows.map(toDealRow), total: num(rows[0]?.total) };
}
