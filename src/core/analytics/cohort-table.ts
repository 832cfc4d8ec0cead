/**
 * The cohort funnel as the heads read it every week: rows by creation week or month (the
 * boundaries come from ./checklist.ts in the account's zone), each with leads created, how many
 * reached each stage (by the skipped-stage policy) and the step conversion between stages, won,
 * lost, lead → sale. Cohorts whose end is younger than the maturity cut-off are kept apart and out
 * of the totals: young leads drag the funnel (50:1 over everything, 17:1 over mature cohorts).
 */
import type { StatusId, UnixSeconds } from '../brand';
import { STATUS_LOST, STATUS_WON } from '../brand';
import type { Deal, Pipeline, StatusChange } from '../domain';
import type { SkippedStagePolicy } from './funnel';
import { deriveDealTrack, selectFunnelStages } from './funnel';
import { groupChangesByLead } from './stage-path';

const DAY_SECONDS = 86_400;

interface CohortStageCell {
  statusId: StatusId;
  /** Deals of the cohort that reached the stage (by `policy`). */
  reached: number;
  /** reached / created. */
  share: number | null;
  /** reached here / reached at the previous stage (the first stage: / created). */
  stepConversion: number | null;
}

/** One cohort's counts; the analytics contract serves them as they are (`CohortTotals`). */
export interface CohortCounts {
  created: number;
  stages: CohortStageCell[];
  won: number;
  lost: number;
  open: number;
  /** won / created. */
  leadToSale: number | null;
}

interface CohortTableRow extends CohortCounts { start: UnixSeconds; mature: boolean }

export interface CohortTable { cohorts: CohortTableRow[]; immature: CohortTableRow[]; immatureLeads: number; totals: CohortCounts }

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * Per stage (by index): how many deals reached it, how many of those that reached the stage before
 * it reached it too (`stepped`; for the first stage, all that reached it), and won/lost counts;
 * shares filled by `finishCounts`.
 */
export interface RawCohortCounts { created: number; reached: number[]; stepped: number[]; won: number; lost: number }

export const emptyRawCounts = (stages: number): RawCohortCounts => ({ created: 0, reached: Array(stages).fill(0), stepped: Array(stages).fill(0), won: 0, lost: 0 });

export function addRawCounts(into: RawCohortCounts, from: RawCohortCounts): void {
  into.created += from.created;
  into.won += from.won;
  into.lost += from.lost;
  from.reached.forEach((n, i) => { into.reached[i] = (into.reached[i] ?? 0) + n; });
  from.stepped.forEach((n, i) => { into.stepped[i] = (into.stepped[i] ?? 0) + n; });
}

export function finishCounts(stages: readonly StatusId[], raw: RawCohortCounts): CohortCounts {
  return {
    created: raw.created,
    stages: stages.map((statusId, i) => {
      const reached = raw.reached[i] ?? 0;
      // A step is read among the deals that reached the stage before: under `visited_only` a deal that
      // skipped that stage is not in its base, so no step exceeds 100%.
      const before = i === 0 ? raw.created : (raw.reached[i - 1] ?? 0);
      return { statusId, reached, share: rate(reached, raw.created), stepConversion: rate(raw.stepped[i] ?? 0, before) };
    }),
    won: raw.won,
    lost: raw.lost,
    open: raw.created - raw.won - raw.lost,
    leadToSale: rate(raw.won, raw.created),
  };
}

/** Whether a deal reached stage `index` of `stages` under the policy (as ./funnel.ts counts "entered"). */
function hasReachedStage(
  track: { visited: ReadonlySet<StatusId>; won: boolean }, stages: readonly StatusId[], index: number, policy: SkippedStagePolicy,
): boolean {
  if (policy === 'visited_only') return track.visited.has(stages[index] as StatusId);
  return track.won || stages.slice(index).some((s) => track.visited.has(s));
}

export interface CohortTableOptions {
  /** Cohort starts, oldest first, followed by the end of the last cohort (N + 1 values). */
  boundaries: readonly UnixSeconds[];
  now: UnixSeconds;
  maturityDays: number;
  policy: SkippedStagePolicy;
}

export function computeCohortTable(
  pipeline: Pipeline, deals: readonly Deal[], changes: readonly StatusChange[], options: CohortTableOptions,
): CohortTable {
  const stages = selectFunnelStages(pipeline);
  const byLead = groupChangesByLead(changes);
  const { boundaries } = options;
  const raws = boundaries.slice(0, -1).map(() => emptyRawCounts(stages.length));
  for (const deal of deals) {
    if (deal.pipelineId !== pipeline.id) continue;
    const index = boundaries.findIndex((b, i) => i < boundaries.length - 1 && deal.createdAt >= b && deal.createdAt < (boundaries[i + 1] as number));
    const raw = raws[index];
    if (index < 0 || raw === undefined) continue;
    const track = deriveDealTrack(deal, byLead.get(deal.id) ?? []);
    raw.created += 1;
    const reached = stages.map((_, i) => hasReachedStage(track, stages, i, options.policy));
    reached.forEach((yes, i) => {
      if (!yes) return;
      raw.reached[i] = (raw.reached[i] ?? 0) + 1;
      if (i === 0 || reached[i - 1] === true) raw.stepped[i] = (raw.stepped[i] ?? 0) + 1;
    });
    if (deal.statusId === STATUS_WON) raw.won += 1;
    if (deal.statusId === STATUS_LOST) raw.lost += 1;
  }
  const matureBy = options.now - options.maturityDays * DAY_SECONDS;
  const isMature = (i: number): boolean => (boundaries[i + 1] as number) <= matureBy;
  const rows = raws.map((raw, i): CohortTableRow => ({ start: boundaries[i] as UnixSeconds, mature: isMature(i), ...finishCounts(stages, raw) }))
    .filter((row) => row.created > 0);
  const mature = rows.filter((r) => r.mature);
  const immature = rows.filter((r) => !r.mature);
  const total = emptyRawCounts(stages.length);
  raws.forEach((raw, i) => { if (isMature(i)) addRawCounts(total, raw); });
  return { cohorts: mature, immature, immatureLeads: immature.reduce((n, r) => n + r.created, 0), totals: finishCounts(stages, total) };
}
