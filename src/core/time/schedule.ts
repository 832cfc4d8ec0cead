/**
 * Working hours in the account's time zone: when managers receive leads, when "tomorrow
 * morning" is, and how working-hours deadlines (refusal review due times) are counted.
 *
 * Every function takes and returns instants (EpochMs) and does the wall-clock work through
 * ./zone.ts, so the results are DST-correct: a 09:00 start stays 09:00 local on both sides of a
 * switch, and a working day that contains a switch is an hour shorter or longer in real time.
 *
 * Searches look at most MAX_SEARCH_DAYS ahead and return null when no working time exists in
 * that span (an empty schedule, or a year of holidays) instead of looping forever.
 */
import type { EpochMs } from '../brand';
import {
  addLocalDays, formatLocalDate, fromLocalDateTime, parseClockTime, toLocalDateTime, weekdayOf,
  type IsoWeekday, type LocalDate,
} from './zone';

/** Minutes since local midnight: 0 ≤ start < end ≤ 1440. A night shift is two intervals on two days. */
interface WorkingInterval { readonly start: number; readonly end: number }

/**
 * A week of working hours with no zone attached: what settings store for focus, distribution and
 * refusals alike. The zone is the account's (resolveAccountTimeZone), added by toWorkingSchedule.
 */
export interface WeeklyHours {
  /** Intervals per ISO weekday (1 = Monday); a missing or empty day is a day off. */
  readonly days: Readonly<Partial<Record<IsoWeekday, readonly WorkingInterval[]>>>;
  /** Local dates (`YYYY-MM-DD`) with no working time at all. */
  readonly holidays?: readonly string[];
}

export interface WorkingSchedule extends WeeklyHours {
  /** IANA zone, normally the account's (`account.timezone`). */
  readonly timezone: string;
}

/** Stored hours read in the account's zone: the one conversion every feature uses. */
export function toWorkingSchedule(hours: WeeklyHours, timezone: string): WorkingSchedule {
  return { timezone, days: hours.days, holidays: hours.holidays ?? [] };
}

/** A span of working time as instants: [start, end). */
interface WorkingWindow { readonly start: EpochMs; readonly end: EpochMs }

const MAX_SEARCH_DAYS = 400;
const MINUTE_MS = 60_000;

/**
 * A schedule with the same hours on the given weekdays, e.g.
 * `weeklySchedule('Europe/Moscow', [1, 2, 3, 4, 5], '09:00', '18:00')`. Throws on a malformed
 * clock time: it is meant for defaults and tests written in code, not for parsing user input.
 */
export function weeklySchedule(
  timezone: string, weekdays: readonly IsoWeekday[], from: string, to: string, holidays: readonly string[] = [],
): WorkingSchedule {
  const start = parseClockTime(from);
  const end = parseClockTime(to);
  if (start === null || end === null || start >= end) throw new RangeError(`Bad working hours ${from}–${to}`);
  const days: Partial<Record<IsoWeekday, readonly WorkingInterval[]>> = {};
  for (const weekday of weekdays) days[weekday] = [{ start, end }];
  return { timezone, days, holidays };
}

/** The working windows of one local date, sorted; none on a day off or a holiday. */
function selectWorkingWindows(schedule: WorkingSchedule, date: LocalDate): WorkingWindow[] {
  if (schedule.holidays?.includes(formatLocalDate(date))) return [];
  const intervals = schedule.days[weekdayOf(date)] ?? [];
  return [...intervals]
    .sort((a, b) => a.start - b.start)
    .map((interval) => ({
      start: fromLocalDateTime(schedule.timezone, date, interval.start),
      end: fromLocalDateTime(schedule.timezone, date, interval.end),
    }))
    .filter((window) => window.end > window.start);
}

/** Windows that end after `from`, day by day from `from`'s local date, lazily. */
function* windowsFrom(schedule: WorkingSchedule, from: EpochMs): Generator<WorkingWindow> {
  const firstDay = toLocalDateTime(schedule.timezone, from);
  for (let offset = 0; offset < MAX_SEARCH_DAYS; offset += 1) {
    for (const window of selectWorkingWindows(schedule, addLocalDays(firstDay, offset))) {
      if (window.end > from) yield window;
    }
  }
}

export function isWithinWorkingHours(schedule: WorkingSchedule, at: EpochMs): boolean {
  const today = toLocalDateTime(schedule.timezone, at);
  return selectWorkingWindows(schedule, today).some((window) => window.start <= at && at < window.end);
}

/** The earliest instant ≥ `from` inside working hours (`from` itself when already inside); null if none. */
export function nextWorkingStart(schedule: WorkingSchedule, from: EpochMs): EpochMs | null {
  const first = windowsFrom(schedule, from).next();
  if (first.done) return null;
  return first.value.start > from ? first.value.start : from;
}

/**
 * `from` plus `minutes` of working time: nights, days off and holidays do not count.
 * Starting outside hours counts from the next working start; 0 minutes gives that start itself.
 * A result that lands exactly on a window's end stays there (18:00), it does not jump to the next day.
 * Null when the schedule has no working time in the search span.
 */
export function addWorkingMinutes(schedule: WorkingSchedule, from: EpochMs, minutes: number): EpochMs | null {
  let remainingMs = Math.max(0, minutes) * MINUTE_MS;
  for (const window of windowsFrom(schedule, from)) {
    const segmentStart = window.start > from ? window.start : from;
    const available = window.end - segmentStart;
    if (remainingMs <= available) return (segmentStart + remainingMs) as EpochMs;
    remainingMs -= available;
  }
  return null;
}

/** The first working start on a local date after `from`'s own — what "tomorrow morning" means. */
export function startOfNextWorkingDay(schedule: WorkingSchedule, from: EpochMs): EpochMs | null {
  const today = toLocalDateTime(schedule.timezone, from);
  for (let offset = 1; offset <= MAX_SEARCH_DAYS; offset += 1) {
    const first = selectWorkingWindows(schedule, addLocalDays(today, offset))[0];
    if (first) return first.start;
  }
  return null;
}

/**
 * The first working day after `from`'s local date, at wall-clock `minuteOfDay` (e.g. 10:00),
 * whether or not that minute is inside the day's intervals. Null when no working day is found.
 */
export function nextWorkingDayAt(schedule: WorkingSchedule, from: EpochMs, minuteOfDay: number): EpochMs | null {
  const today = toLocalDateTime(schedule.timezone, from);
  for (let offset = 1; offset <= MAX_SEARCH_DAYS; offset += 1) {
    const day = addLocalDays(today, offset);
    if (selectWorkingWindows(schedule, day).length > 0) {
      return fromLocalDateTime(schedule.timezone, day, minuteOfDay);
    }
  }
  return null;
}

/** Where working time ends on `at`'s local date (the last window's end); null on a day off. */
export function endOfWorkingDay(schedule: WorkingSchedule, at: EpochMs): EpochMs | null {
  const windows = selectWorkingWindows(schedule, toLocalDateTime(schedule.timezone, at));
  return windows[windows.length - 1]?.end ?? null;
}
