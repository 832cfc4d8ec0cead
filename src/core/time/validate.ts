/**
 * What is wrong with a working schedule an admin saved, as data the settings UI can show next to
 * the field. The shape itself is parsed at the boundary (service/widget); this checks meaning.
 */
import type { WorkingSchedule } from './schedule';
import { isValidTimeZone, parseLocalDate, type IsoWeekday } from './zone';

export type ScheduleProblem =
  | { readonly code: 'unknown_time_zone'; readonly timezone: string }
  | { readonly code: 'bad_interval'; readonly weekday: IsoWeekday; readonly index: number }
  | { readonly code: 'overlapping_intervals'; readonly weekday: IsoWeekday }
  | { readonly code: 'bad_holiday'; readonly value: string }
  | { readonly code: 'no_working_time' };

const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

function isWholeMinute(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 1440;
}

export function deriveScheduleProblems(schedule: WorkingSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (!isValidTimeZone(schedule.timezone)) problems.push({ code: 'unknown_time_zone', timezone: schedule.timezone });
  let anyTime = false;
  for (const weekday of WEEKDAYS) {
    const intervals = schedule.days[weekday] ?? [];
    intervals.forEach((interval, index) => {
      if (!isWholeMinute(interval.start) || !isWholeMinute(interval.end) || interval.start >= interval.end) {
        problems.push({ code: 'bad_interval', weekday, index });
      } else anyTime = true;
    });
    const sorted = [...intervals].sort((a, b) => a.start - b.start);
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
