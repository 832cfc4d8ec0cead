/**
 * Median days in stage per manager and for the team (the funnel's "stage times"), exact, from
 * analytics_stage_time_bins: per (pipeline, stage, manager, 30-day bin of leaving) one sorted run of
 * the visits' seconds. A request reads the bins its period touches — about 14 × stages × managers
 * rows for a year — and picks the median out of the runs (core sorted-runs.ts); only the two bins
 * at the period's edges are filtered visit by visit. Before, the median sorted every status change
 * that left a stage in the period (600,000 at the benchmark's size) on every request.
 *
 * The bins are derived data: whenever the mirror re-derives lead facts or deletes leads
 * (./mirror.ts), the bins those changes fall in are rebuilt from analytics_status_changes in the
 * same transaction, so they always equal a rebuild from scratch.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { computePercentileOfRuns } from '../../core/analytics/sorted-runs';
import type { Database } from '../store/schema';
import { scoped, type Scope } from './queries';

/** 30 days: a year is 13 bins, and an edge bin holds at most a month of one manager's visits. */
const BIN_SECONDS = 2_592_000;

export interface StageBinKey { pipelineId: number; bin: number; statusId: number; ownerId: number }

const binOf = (at: number): number => Math.floor(at / BIN_SECONDS);

const runsSelect = (from: RawBuilder<unknown>, where: RawBuilder<unknown>): RawBuilder<unknown> => sql`
  SELECT c.account_id, c.from_pipeline_id, (c.at / ${BIN_SECONDS})::int, c.from_status_id, c.owner_id, count(*)::int,
    string_agg(int4send(least(greatest(c.at - c.from_entered_at, -2147483648), 2147483647)::int), ''::bytea ORDER BY c.at - c.from_entered_at, c.at),
    string_agg(int4send((c.at % ${BIN_SECONDS})::int), ''::bytea ORDER BY c.at - c.from_entered_at, c.at)
  FROM ${from}
  WHERE ${where} AND c.from_entered_at IS NOT NULL AND c.owner_id IS NOT NULL AND c.from_pipeline_id IS NOT NULL
    AND c.from_status_id IS NOT NULL AND c.at >= 0
  GROUP BY 1, 2, 3, 4, 5`;

/**
 * Rewrites the given bins (null = every bin of the account) from the status changes. Callers hold
 * lockStageTimeBins in the transaction that changed those changes.
 */
export async function rebuildStageTimeBins(db: Kysely<Database>, accountId: number, keys: readonly StageBinKey[] | null): Promise<void> {
  if (keys === null) {
    await db.deleteFrom('analytics_stage_time_bins').where('account_id', '=', accountId).execute();
    await sql`INSERT INTO analytics_stage_time_bins ${runsSelect(sql`analytics_status_changes c`, sql`c.account_id = ${accountId}`)}`.execute(db);
    return;
  }
  const unique = [...new Map(keys.map((k) => [`${k.pipelineId}:${k.bin}:${k.statusId}:${k.ownerId}`, k])).values()];
  if (unique.length === 0) return;
  const list = sql`unnest(${unique.map((k) => k.pipelineId)}::bigint[], ${unique.map((k) => k.bin)}::int[], ${unique.map((k) => k.statusId)}::bigint[], ${unique.map((k) => k.ownerId)}::bigint[])
    AS k(pipeline_id, bin, status_id, owner_id)`;
  await sql`
    DELETE FROM analytics_stage_time_bins b USING ${list}
    WHERE b.account_id = ${accountId} AND b.pipeline_id = k.pipeline_id AND b.bin = k.bin AND b.status_id = k.status_id AND b.owner_id = k.owner_id`.execute(db);
  await sql`INSERT INTO analytics_stage_time_bins ${runsSelect(
    sql`${list} JOIN analytics_status_changes c ON c.from_pipeline_id = k.pipeline_id AND c.from_status_id = k.status_id AND c.owner_id = k.owner_id
      AND c.at >= k.bin::bigint * ${BIN_SECONDS} AND c.at < (k.bin::bigint + 1) * ${BIN_SECONDS}`,
    sql`c.account_id = ${accountId}`,
  )}`.execute(db);
}

/** Serialises the bin rebuilds of one account (a sync and a lead-delete job may touch the same bin at once). */
export async function lockStageTimeBins(db: Kysely<Database>, accountId: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('analytics_stage_time_bins'), ${accountId}::int)`.execute(db);
}

/** The bins a stored change falls in (none while its facts are not derived). */
export function keyOfChange(row: {
  from_pipeline_id: number | string | null; from_status_id: number | string | null; owner_id: number | string | null;
  from_entered_at: number | string | null; at: number | string;
}): StageBinKey | null {
  if (row.from_pipeline_id === null || row.from_status_id === null || row.owner_id === null || row.from_entered_at === null || Number(row.at) < 0) return null;
  return { pipelineId: Number(row.from_pipeline_id), bin: binOf(Number(row.at)), statusId: Number(row.from_status_id), ownerId: Number(row.owner_id) };
}

export interface StageTime { statusId: number; userId: number | null; medianDays: number | null; visits: number }

/** Big-endian int4s (int4send, sent as base64) as an Int32Array, swapped and copied natively. */
function decodeInts(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64').swap32();
  const out = new Int32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The run's seconds; with offsets (a bin the period covers in part), only the visits that left inside [from, to). */
function decodeRun(seconds: string, offsets: string | null, binStart: number, period: { from: number; to: number }): Int32Array {
  const values = decodeInts(seconds);
  if (offsets === null) return values;
  const left = decodeInts(offsets);
  return values.filter((_, i) => binStart + (left[i] as number) >= period.from && binStart + (left[i] as number) < period.to);
}

const DAY = 86_400;

/**
 * Medians of finished visits (left in the period) per stage: per manager (userId set) and for
 * everyone in scope (userId null) — the same numbers as percentile_cont over the changes.
 */
export async function queryStageTimes(
  db: Kysely<Database>, scope: Scope, pipelineId: number, stages: readonly number[], period: { from: number; to: number },
): Promise<StageTime[]> {
  if (stages.length === 0 || period.to <= period.from) return [];
  const firstBin = binOf(Math.max(0, period.from));
  const lastBin = binOf(period.to - 1);
  // Runs travel as base64 text: PGlite decodes bytea's hex form far slower than base64.
  const { rows } = await sql<{ bin: number; status_id: string | number; owner_id: string | number; seconds: string; offsets: string | null }>`
    SELECT bin, status_id, owner_id, encode(seconds, 'base64') AS seconds,
      CASE WHEN bin::bigint * ${BIN_SECONDS} < ${period.from} OR (bin::bigint + 1) * ${BIN_SECONDS} > ${period.to} THEN encode(left_offsets, 'base64') END AS offsets
    FROM analytics_stage_time_bins
    WHERE account_id = ${scope.accountId} AND pipeline_id = ${pipelineId} AND bin BETWEEN ${firstBin} AND ${lastBin}
      AND status_id = ANY(${[...stages]}::bigint[])
      AND ${scoped(scope, 'owner_id')}`.execute(db);
  const runs = new Map<number, Map<number, Int32Array[]>>();
  for (const row of rows) {
    const run = decodeRun(row.seconds, row.offsets, Number(row.bin) * BIN_SECONDS, period);
    if (run.length === 0) continue;
    const perOwner = runs.get(Number(row.status_id)) ?? new Map<number, Int32Array[]>();
    runs.set(Number(row.status_id), perOwner);
    perOwner.set(Number(row.owner_id), [...(perOwner.get(Number(row.owner_id)) ?? []), run]);
  }
  const out: StageTime[] = [];
  const median = (list: readonly Int32Array[]): number | null => {
    const seconds = computePercentileOfRuns(list, 0.5);
    return seconds === null ? null : seconds / DAY;
  };
  const visits = (list: readonly Int32Array[]): number => list.reduce((n, r) => n + r.length, 0);
  for (const [statusId, perOwner] of runs) {
    const all = [...perOwner.values()].flat();
    out.push({ statusId, userId: null, medianDays: median(all), visits: visits(all) });
    for (const [userId, list] of perOwner) out.push({ statusId, userId, medianDays: median(list), visits: visits(list) });
  }
  return out;
}
