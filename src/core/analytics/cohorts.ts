/**
 * Weekly cohort funnel: leads grouped by the week they were created (Monday 00:00 in the account's
 * time zone), each cohort's funnel read as of now. A young cohort has not had time to close, so
 * its conversion looks worse (or, counted the other way, better) than it will be: cohorts whose
 * week ended less than `maturityDays` ago are LEFT OUT — the practice that turned a 50:1 funnel
 * back into the real 17:1 (PRODUCT.md). Maturity is per cohort, not per lead, so a cohort is
 * either complete or absent.
 */
import type { UnixSeconds } from '../brand';
import { STATUS_LOST, STATUS_WON, toEpochMs, toUnixSeconds } from '../brand';
import type { Deal, Pipeline, StatusChange } from '../domain';
import { addLocalDays, fromLocalDateTime, toLocalDateTime } from '../time';
import type { SkippedStagePolicy, StageConversionRow } from './funnel';
import { computeStageConversion } from './funnel';

interface CohortRow {
  weekStart: UnixSeconds;
  created: number;
  won: number;
  lost: number;
  open: number;
  /** won / created. */
  conversion: number;
  stages: StageConversionRow[];
}

export interface CohortFunnel { cohorts: CohortRow[]; immatureLeftOut: number }

export function deriveWeekStart(timezone: string, at: UnixSeconds): UnixSeconds {
  const local = toLocalDateTime(timezone, toEpochMs(at));
  const monday = addLocalDays(local, 1 - local.weekday);
  return toUnixSeconds(fromLocalDateTime(timezone, monday, 0));
}

const DAY_SECONDS = 86_400;

export interface CohortOptions {
  timezone: string;
  now: UnixSeconds;
  maturityDays: number;
  policy?: SkippedStagePolicy;
}

export function computeWeeklyCohorts(
  pipeline: Pipeline, deals: readonly Deal[], changes: readonly StatusChange[], options: CohortOptions,
): CohortFunnel {
  const inPipeline = deals.filter((d) => d.pipelineId === pipeline.id);
  const byWeek = new Map<UnixSeconds, Deal[]>();
  for (const deal of inPipeline) {
    const week = deriveWeekStart(options.timezone, deal.createdAt);
    byWeek.set(week, [...(byWeek.get(week) ?? []), deal]);
  }
  const cutoff = options.now - options.maturityDays * DAY_SECONDS;
  let immatureLeftOut = 0;
  const cohorts: CohortRow[] = [];
  for (const [weekStart, cohort] of [...byWeek].sort(([a], [b]) => a - b)) {
    if (deriveWeekEnd(options.timezone, weekStart) > cutoff) {
      immatureLeftOut += cohort.length;
      continue;
    }
    const won = cohort.filter((d) => d.statusId === STATUS_WON).length;
    const lost = cohort.filter((d) => d.statusId === STATUS_LOST).length;
    cohorts.push({
      weekStart, created: cohort.length, won, lost, open: cohort.length - won - lost,
      conversion: won / cohort.length,
      stages: computeStageConversion(pipeline, cohort, changes, options.policy).rows,
    });
  }
  return { cohorts, immatureLeftOut };
}

/** Next Monday 00:00 local: weeks are 167 or 169 hours long across a DST switch. */
function deriveWeekEnd(timezone: string, weekStart: UnixSeconds): UnixSeconds {
  const local = toLocalDateTime(timezone, toEpochMs(weekStart));
  return toUnixSeconds(fromLocalDateTime(timezone, addLocalDays(local, 7), 0));
}
