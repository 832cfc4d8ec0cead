/**
 * The weekly checklist's rules (PRODUCT.md "Analytics for the sales head"): which weeks are read,
 * which leads count as mature for a week's conversion, targets with an allowed deviation, and the
 * week-over-week change. The numbers themselves are ./manager-metrics.ts (or the service's SQL,
 * which the service tests hold to these functions).
 */
import type { UnixSeconds } from '../brand';
import { toEpochMs, toUnixSeconds } from '../brand';
import { addLocalDays, fromLocalDateTime, toLocalDateTime } from '../time';
import type { Period } from './losses';
import { deriveWeekStart } from './cohorts';

const DAY_SECONDS = 86_400;

/** Week starts (Monday 00:00 local), oldest first, `count` weeks ending with the week holding `at`; plus the end of the last one. */
export function deriveWeekBoundaries(timezone: string, at: UnixSeconds, count: number): UnixSeconds[] {
  const current = toLocalDateTime(timezone, toEpochMs(deriveWeekStart(timezone, at)));
  const starts: UnixSeconds[] = [];
  for (let i = count - 1; i >= -1; i -= 1) starts.push(toUnixSeconds(fromLocalDateTime(timezone, addLocalDays(current, -7 * i), 0)));
  return starts;
}

/** Month starts (1st 00:00 local), oldest first, `count` months ending with the month holding `at`; plus the end of the last one. */
export function deriveMonthBoundaries(timezone: string, at: UnixSeconds, count: number): UnixSeconds[] {
  const local = toLocalDateTime(timezone, toEpochMs(at));
  const starts: UnixSeconds[] = [];
  for (let i = count - 1; i >= -1; i -= 1) {
    const index = local.year * 12 + (local.month - 1) - i;
    starts.push(toUnixSeconds(fromLocalDateTime(timezone, { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 }, 0)));
  }
  return starts;
}

/**
 * The leads whose conversion a week reports: those created in the same-length window that ended
 * `maturityDays` before the week ended — old enough to have closed, so young leads in work do not
 * drag the number (the 50:1 → 17:1 case), and moving week by week so dynamics can be read.
 */
export const deriveMatureWindow = (week: Period, maturityDays: number): Period => ({
  from: (week.from - maturityDays * DAY_SECONDS) as UnixSeconds,
  to: (week.to - maturityDays * DAY_SECONDS) as UnixSeconds,
});

type TargetDirection = 'at_least' | 'at_most';

export interface Target<M extends string = string> {
  metric: M;
  /** null = account-wide. */
  groupId: number | null;
  value: number;
  allowedDeviation: number;
  direction: TargetDirection;
}

/** The group's own target for the metric, else the account-wide one, else none. */
export function selectTarget<M extends string>(targets: readonly Target<M>[], metric: M, groupId: number | null): Target<M> | null {
  return targets.find((t) => t.metric === metric && t.groupId !== null && t.groupId === groupId)
    ?? targets.find((t) => t.metric === metric && t.groupId === null)
    ?? null;
}

/** No value (nothing to measure) is never out of band. */
export function isOutOfBand(value: number | null, target: Pick<Target, 'value' | 'allowedDeviation' | 'direction'>): boolean {
  if (value === null) return false;
  return target.direction === 'at_least'
    ? value < target.value - target.allowedDeviation
    : value > target.value + target.allowedDeviation;
}

/** The metrics of `values` outside their target for a row of `groupId`, in `metrics` order. */
export function selectOutOfBand<M extends string>(
  metrics: readonly M[], values: Readonly<Record<M, number | null>>, targets: readonly Target<M>[], groupId: number | null,
): M[] {
  return metrics.filter((metric) => {
    const target = selectTarget(targets, metric, groupId);
    return target !== null && isOutOfBand(values[metric], target);
  });
}

export function computeChange<M extends string>(
  metrics: readonly M[], current: Readonly<Record<M, number | null>>, previous: Readonly<Record<M, number | null>>,
): Record<M, number | null> {
  const change = {} as Record<M, number | null>;
  for (const metric of metrics) {
    const a = current[metric];
    const b = previous[metric];
    change[metric] = a === null || b === null ? null : a - b;
  }
  return change;
}
