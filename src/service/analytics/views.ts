/**
 * The funnel, losses and cohort views assembled from ./queries.ts, shared by the routes and the
 * benchmark (test/bench/analytics.ts measures exactly what a request runs, minus HTTP and auth).
 */
import type { Kysely } from 'kysely';
import type { StatusId, UnixSeconds } from '../../core/brand';
import { deriveMonthBoundaries, deriveWeekBoundaries } from '../../core/analytics/checklist';
import { addRawCounts, emptyRawCounts, finishCounts, type RawCohortCounts } from '../../core/analytics/cohort-table';
import { selectFunnelStages } from '../../core/analytics/funnel';
import { deriveCutoffFromPercentile, isStageTimeOutlier, type MaturityCutoff } from '../../core/analytics/stage-times';
import type { Pipeline } from '../../core/domain';
import { HttpError } from '../http/errors';
import type { Database } from '../store/schema';
import type {
  CohortGranularity, CohortRowDto, CohortSlice, CohortsResponse, CohortTotals, FunnelResponse, LossesResponse, MirrorStatus, SkippedStagePolicy,
} from '../../contract/analytics';
import type { AnalyticsCatalog } from './catalog';
import { queryCohorts, queryFunnel, queryLosses, queryTimeToWin, type Scope } from './queries';
import { queryStageTimes } from './stage-times';

const DAY = 86_400;

export interface ViewContext {
  db: Kysely<Database>;
  scope: Scope;
  catalog: AnalyticsCatalog | null;
  nameOf: (userId: number) => string;
  mirror: MirrorStatus;
  /** The account time: weeks, months and calendar periods are cut in it. */
  zone: string;
}

export function requirePipeline(catalog: AnalyticsCatalog | null, pipelineId: number): Pipeline {
  const pipeline = catalog?.pipelines.find((p) => p.id === pipelineId);
  if (pipeline === undefined) throw new HttpError(404, 'pipeline_not_found', `pipeline ${pipelineId} is not in the mirror (yet)`);
  return pipeline;
}

const stageName = (catalog: AnalyticsCatalog | null, statusId: number | null): string | null =>
  statusId === null ? null : catalog?.pipelines.flatMap((p) => p.statuses).find((s) => s.id === statusId)?.name ?? null;

/** The maturity cut-off: the override, else the time to win measured at the last sync (or now, before the first). */
export async function measureCutoff(
  db: Kysely<Database>, accountId: number, pipelineId: number | null, override: number | null, catalog: AnalyticsCatalog | null,
): Promise<MaturityCutoff> {
  if (override !== null) return deriveCutoffFromPercentile(null, 0, override);
  const ttw = catalog?.timeToWin?.[pipelineId === null ? 'all' : String(pipelineId)] ?? await queryTimeToWin(db, accountId, pipelineId);
  return deriveCutoffFromPercentile(ttw.p80, ttw.won, override);
}

export async function buildFunnel(
  v: ViewContext, q: { pipelineId: number; from: number; to: number; policy: SkippedStagePolicy },
): Promise<FunnelResponse> {
  const { catalog } = v;
  const stages = selectFunnelStages(requirePipeline(catalog, q.pipelineId)) as number[];
  const [counts, times] = await Promise.all([
    queryFunnel(v.db, v.scope, q.pipelineId, stages, q, q.policy),
    queryStageTimes(v.db, v.scope, q.pipelineId, stages, q),
  ]);
  return {
    pipelineId: q.pipelineId, from: q.from, to: q.to, policy: q.policy, deals: counts.deals, won: counts.won, lost: counts.lost,
    stages: counts.rows.map((r) => ({
      statusId: r.statusId as number, name: stageName(catalog, r.statusId) ?? '', entered: r.entered, progressed: r.progressed, lost: r.lost, progressRate: r.progressRate,
    })),
    stageTimes: stages.map((statusId) => {
      const team = times.find((t) => t.statusId === statusId && t.userId === null);
      const teamMedian = team?.medianDays ?? null;
      return {
        statusId, name: stageName(catalog, statusId) ?? '', teamMedianDays: teamMedian, teamVisits: team?.visits ?? 0,
        managers: times.filter((t) => t.statusId === statusId && t.userId !== null).map((t) => ({
          userId: t.userId as number, name: v.nameOf(t.userId as number), medianDays: t.medianDays, visits: t.visits,
          outlier: isStageTimeOutlier(t.medianDays, t.visits, teamMedian),
        })).sort((a, b) => a.name.localeCompare(b.name)),
      };
    }),
    mirror: v.mirror,
  };
}

export async function buildLosses(v: ViewContext, q: { from: number; to: number; pipelineId?: number | undefined }): Promise<LossesResponse> {
  const cells = await queryLosses(v.db, v.scope, q);
  const reasons = new Map((v.catalog?.lossReasons ?? []).map((r) => [r.id as number, r.name]));
  return {
    from: q.from, to: q.to, currency: v.catalog?.currency ?? '',
    cells: cells.map((c) => ({ ...c, stageName: stageName(v.catalog, c.lostFromStatusId), reasonName: c.reasonId === null ? null : reasons.get(c.reasonId) ?? null })),
    total: { count: cells.reduce((n, c) => n + c.count, 0), value: cells.reduce((n, c) => n + c.value, 0) },
    mirror: v.mirror,
  };
}

export interface CohortsInput {
  pipelineId: number;
  by: CohortGranularity;
  from?: number | undefined;
  to?: number | undefined;
  policy: SkippedStagePolicy;
  tag?: string | undefined;
  sliceBy?: CohortSlice | undefined;
  now: number;
  cutoff: MaturityCutoff;
}

/** Cohort starts for the query: the last 26 weeks / 12 months, or those covering [from, to). */
function deriveCohortBounds(timezone: string, q: Pick<CohortsInput, 'by' | 'from' | 'to' | 'now'>): number[] {
  const to = q.to ?? q.now + 1;
  const span = q.by === 'week' ? 7 * DAY : 28 * DAY;
  const count = q.from === undefined ? (q.by === 'week' ? 26 : 12) : Math.max(1, Math.ceil((to - q.from) / span) + 1);
  const derive = q.by === 'week' ? deriveWeekBoundaries : deriveMonthBoundaries;
  const bounds = derive(timezone, (to - 1) as UnixSeconds, count) as number[];
  if (q.from === undefined) return bounds;
  const first = bounds.findIndex((_, i) => (bounds[i + 1] ?? Infinity) > (q.from as number));
  return bounds.slice(Math.max(0, first));
}

export async function buildCohorts(v: ViewContext, q: CohortsInput): Promise<CohortsResponse> {
  const { catalog } = v;
  const stages = selectFunnelStages(requirePipeline(catalog, q.pipelineId)) as number[];
  const bounds = deriveCohortBounds(v.zone, q);
  const base = { pipelineId: q.pipelineId, stages, bounds, policy: q.policy, tag: q.tag };
  const [plain, sliced] = await Promise.all([
    queryCohorts(v.db, v.scope, base),
    q.sliceBy === undefined ? Promise.resolve([]) : queryCohorts(v.db, v.scope, { ...base, sliceBy: q.sliceBy }),
  ]);
  const matureBy = q.now - q.cutoff.days * DAY;
  const isMature = (bucket: number): boolean => (bounds[bucket + 1] as number) <= matureBy;
  const inRange = (bucket: number): boolean => bucket >= 0 && bucket < bounds.length - 1;
  const emptyRaw = (): RawCohortCounts => emptyRawCounts(stages.length);
  const add = addRawCounts;
  const finish = (raw: RawCohortCounts): CohortTotals => finishCounts(stages as StatusId[], raw);
  const rows: CohortRowDto[] = plain.filter((b) => inRange(b.bucket)).sort((a, b) => a.bucket - b.bucket)
    .map((b) => ({ start: bounds[b.bucket] as number, mature: isMature(b.bucket), ...finish(b) }));
  const total = emptyRaw();
  for (const b of plain) if (inRange(b.bucket) && isMature(b.bucket)) add(total, b);
  const immature = rows.filter((r) => !r.mature);
  const response: CohortsResponse = {
    pipelineId: q.pipelineId, by: q.by, policy: q.policy, cutoff: q.cutoff,
    stages: stages.map((statusId) => ({ statusId, name: stageName(catalog, statusId) ?? '' })),
    cohorts: rows.filter((r) => r.mature), immature, immatureLeads: immature.reduce((n, r) => n + r.created, 0), totals: finish(total), mirror: v.mirror,
  };
  if (q.sliceBy !== undefined) {
    // A deal with two tags is in two tag slices; the cohort rows above count it once.
    const perSlice = new Map<string, RawCohortCounts>();
    for (const b of sliced) {
      if (!inRange(b.bucket) || !isMature(b.bucket) || b.key === null) continue;
      const raw = perSlice.get(b.key) ?? emptyRaw();
      add(raw, b);
      perSlice.set(b.key, raw);
    }
    response.slices = [...perSlice].map(([key, raw]) => ({ key, label: q.sliceBy === 'manager' ? v.nameOf(Number(key)) : key, totals: finish(raw) }))
      .sort((a, b) => b.totals.created - a.totals.created || a.label.localeCompare(b.label));
  }
  return response;
}
