/**
 * What is wrong with working hours an admin saved, as data the settings UI and the service's
 * schema both report next to the field: the one meaning check of working hours (focus,
 * distribution and refusals alike). The shape itself is parsed at the boundary.
 */
import type { WeeklyHours } from './schedule';
import { isValidTimeZone, parseLocalDate, type IsoWeekday } from './zone';

export type ScheduleProblem =
  | { readonly code: 'unknown_time_zone'; readonly timezone: string }
  | { readonly code: 'bad_interval'; readonly weekday: IsoWeekday; readonly index: number }
  | { readonly code: 'overlapping_intervals'; readonly weekday: IsoWeekday }
  | { readonly code: 'bad_holiday'; readonly value: string }
  | { readonly code: 'no_working_time' };

export const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A whole minute of a local day, 0–1440 (1440 = the end of the day). */
export function isMinuteOfDay(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 1440;
}

/** A zone is checked only when the hours carry one; stored hours take the account's. */
export function deriveScheduleProblems(schedule: WeeklyHours & { readonly timezone?: string }): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (schedule.timezone !== undefined && !isValidTimeZone(schedule.timezone)) problems.push({ code: 'unknown_time_zone', timezone: schedule.timezone });
  let anyTime = false;
  for (const weekday of ISO_WEEKDAYS) {
    const intervals = schedule.days[weekday] ?? [];
    const good = intervals.filter((interval, index) => {
      const ok = isMinuteOfDay(interval.start) && isMinuteOfDay(interval.end) && interval.start < interval.end;
      if (!ok) problems.push({ code: 'bad_interval', weekday, index });
      return ok;
    });
    if (good.length > 0) anyTime = true;
    // Only well-formed intervals are compared: a bad one already carries its own problem.
    const sorted = [...good].sort((a, b) => a.start - b.start);
    if (sorted.some((interval, index) => index > 0 && interval.start < (sorted[index - 1]?.end ?? 0))) {
      problems.push({ code: 'overlapping_intervals', weekday });
    }
  }
  for (const value of schedule.holidays ?? []) {
    if (!parseLocalDate(value)) problems.push({ code: 'bad_holiday', value });
  }
  if (!anyTime) problems.push({ code: 'no_working_time' });
  return problems;
}
