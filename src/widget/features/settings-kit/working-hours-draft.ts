/**
 * Editing working hours — `focus.schedule`, `distribution.pools[].hours`,
 * `distribution.managerHours[].hours` and `refusals.schedule`, all one shape (core WeeklyHours:
 * minutes since local midnight). Pure updates, and the client check: core deriveScheduleProblems,
 * the same one the service's schema runs, so a bad interval is marked at its field before the
 * service would refuse the whole document. A time being typed that is no time yet is NaN here.
 */
import { ISO_WEEKDAYS, deriveScheduleProblems, isMinuteOfDay } from '../../../core/time/validate';
import { formatClockTime, parseClockTime, type IsoWeekday } from '../../../core/time/zone';
import type { AccountConfig } from '../../service-client';
import type { FieldMessage } from './config-editor';

export type WorkingHours = NonNullable<AccountConfig['focus']['schedule']>;
type Interval = { start: number; end: number };

export const WEEKDAYS = ISO_WEEKDAYS;
const WORKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];
/** The schema allows six; the editor offers a working block and an optional second one (after a break). */
export const MAX_INTERVALS_PER_DAY = 2;

const NINE_TO_SIX: Interval = { start: 9 * 60, end: 18 * 60 };
const END_OF_DAY = 24 * 60;

/** Monday to Friday, 09:00–18:00: what most accounts want when they first restrict hours. */
export function defaultHours(): WorkingHours {
  return { days: Object.fromEntries(WORKDAYS.map((day) => [day, [{ ...NINE_TO_SIX }]])), holidays: [] };
}

/** `HH:MM` of a stored minute; empty while the admin's text is no time yet. */
export const clockText = (minutes: number): string => (isMinuteOfDay(minutes) ? formatClockTime(minutes) : '');
/** The minute the admin typed; NaN for anything else, so the check marks it. */
export const clockMinutes = (text: string): number => parseClockTime(text) ?? Number.NaN;

export const intervalsOf = (hours: WorkingHours, day: IsoWeekday): readonly Interval[] => hours.days[day] ?? [];

function withDays(hours: WorkingHours, day: IsoWeekday, list: readonly Interval[] | null): WorkingHours {
  const days = { ...hours.days };
  // A missing day is a day off in the schema; an empty list would mean the same, but the key is dropped to keep the document tidy.
  if (list === null) delete days[day];
  else days[day] = [...list];
  return { ...hours, days };
}

export function withDayOn(hours: WorkingHours, day: IsoWeekday, on: boolean): WorkingHours {
  if (on === (hours.days[day] !== undefined)) return hours;
  return withDays(hours, day, on ? [{ ...NINE_TO_SIX }] : null);
}

export function withInterval(hours: WorkingHours, day: IsoWeekday, index: number, change: Partial<Interval>): WorkingHours {
  return withDays(hours, day, intervalsOf(hours, day).map((entry, at) => (at === index ? { ...entry, ...change } : entry)));
}

/** A second block after the first one ends (e.g. after lunch), up to the end of the day. */
export function withSecondInterval(hours: WorkingHours, day: IsoWeekday): WorkingHours {
  const list = intervalsOf(hours, day);
  if (list.length === 0 || list.length >= MAX_INTERVALS_PER_DAY) return hours;
  const last = list[list.length - 1];
  const start = last !== undefined && isMinuteOfDay(last.end) && last.end < END_OF_DAY ? last.end : 13 * 60;
  return withDays(hours, day, [...list, { start, end: END_OF_DAY }]);
}

export function withoutInterval(hours: WorkingHours, day: IsoWeekday, index: number): WorkingHours {
  const list = intervalsOf(hours, day).filter((_, at) => at !== index);
  return withDays(hours, day, list.length === 0 ? null : list);
}

/** Tuesday to Friday become copies of Monday (a day off if Monday is); the weekend is left alone. */
export function copyMondayToWeekdays(hours: WorkingHours): WorkingHours {
  const monday = hours.days[1];
  return WORKDAYS.slice(1).reduce(
    (next, day) => withDays(next, day, monday === undefined ? null : monday.map((entry) => ({ ...entry }))),
    hours,
  );
}

/** Added once, kept in date order so the list reads like a calendar. */
export function withHoliday(hours: WorkingHours, day: string): WorkingHours {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || hours.holidays.includes(day)) return hours;
  return { ...hours, holidays: [...hours.holidays, day].sort() };
}

export function withoutHoliday(hours: WorkingHours, day: string): WorkingHours {
  return { ...hours, holidays: hours.holidays.filter((entry) => entry !== day) };
}

/**
 * Problems of one schedule keyed by the path below it (`days.1.0.end`, `days.1`, `holidays.2`),
 * written into `errors` under `prefix` (e.g. `distribution.pools.0.hours`). `requireTime`: a week
 * without working time is refused (refusal due times are counted in it).
 */
export function validateHours(hours: WorkingHours, prefix: string, errors: Map<string, FieldMessage>, requireTime = false): void {
  for (const problem of deriveScheduleProblems(hours)) {
    if (problem.code === 'bad_interval') {
      const at = `${prefix}.days.${problem.weekday}.${problem.index}`;
      const { start = Number.NaN, end = Number.NaN } = intervalsOf(hours, problem.weekday)[problem.index] ?? {};
      if (!isMinuteOfDay(start)) errors.set(`${at}.start`, { key: 'workingHours.errors.time' });
      if (!isMinuteOfDay(end)) errors.set(`${at}.end`, { key: 'workingHours.errors.time' });
      // As in the schema, the order is only checked between two well-formed times.
      if (isMinuteOfDay(start) && isMinuteOfDay(end)) errors.set(`${at}.end`, { key: 'workingHours.errors.order' });
    } else if (problem.code === 'overlapping_intervals') {
      errors.set(`${prefix}.days.${problem.weekday}`, { key: 'workingHours.errors.overlap' });
    } else if (problem.code === 'bad_holiday') {
      errors.set(`${prefix}.holidays.${hours.holidays.indexOf(problem.value)}`, { key: 'workingHours.errors.holiday' });
    } else if (problem.code === 'no_working_time' && requireTime) {
      errors.set(prefix, { key: 'workingHours.errors.noTime' });
    }
  }
}
