/**
 * Editing working hours (`distribution.pools[].hours`, `distribution.managerHours[].hours`): pure
 * updates and client checks mirroring the service schema (src/service/config/sections/distribution.ts)
 * so a bad interval is reported at its field before the service would refuse the whole document.
 */
import type { AccountConfig } from '../../service-client';
import type { FieldMessage } from '../admin-focus/config-editor';

export type WorkingHours = NonNullable<AccountConfig['distribution']['pools'][number]['hours']>;
export type Weekday = '1' | '2' | '3' | '4' | '5' | '6' | '7';
export type Interval = { from: string; to: string };
export type ManagerHours = AccountConfig['distribution']['managerHours'][number];

export const WEEKDAYS: readonly Weekday[] = ['1', '2', '3', '4', '5', '6', '7'];
const WORKDAYS: readonly Weekday[] = ['1', '2', '3', '4', '5'];
/** The schema allows four; the editor offers a working block and an optional second one (after lunch). */
export const MAX_INTERVALS_PER_DAY = 2;

/** Same pattern as the schema: 00:00–23:59, plus 24:00 as the end of the day. */
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const minutesOf = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const NINE_TO_SIX: Interval = { from: '09:00', to: '18:00' };

/** Monday to Friday, 09:00–18:00: what most accounts want when they first restrict hours. */
export function defaultHours(): WorkingHours {
  return { days: Object.fromEntries(WORKDAYS.map((day) => [day, [{ ...NINE_TO_SIX }]])), holidays: [] };
}

export const intervalsOf = (hours: WorkingHours, day: Weekday): readonly Interval[] => hours.days[day] ?? [];

function withDays(hours: WorkingHours, day: Weekday, list: readonly Interval[] | null): WorkingHours {
  const days = { ...hours.days };
  // A missing day is a day off in the schema; an empty list would mean the same, but the key is dropped to keep the document tidy.
  if (list === null) delete days[day];
  else days[day] = [...list];
  return { ...hours, days };
}

export function withDayOn(hours: WorkingHours, day: Weekday, on: boolean): WorkingHours {
  if (on === (hours.days[day] !== undefined)) return hours;
  return withDays(hours, day, on ? [{ ...NINE_TO_SIX }] : null);
}

export function withInterval(hours: WorkingHours, day: Weekday, index: number, change: Partial<Interval>): WorkingHours {
  return withDays(hours, day, intervalsOf(hours, day).map((entry, at) => (at === index ? { ...entry, ...change } : entry)));
}

/** A second block after the first one ends (e.g. after lunch), up to the end of the day. */
export function withSecondInterval(hours: WorkingHours, day: Weekday): WorkingHours {
  const list = intervalsOf(hours, day);
  if (list.length === 0 || list.length >= MAX_INTERVALS_PER_DAY) return hours;
  const last = list[list.length - 1];
  const from = last !== undefined && CLOCK_TIME.test(last.to) && last.to !== '24:00' ? last.to : '13:00';
  return withDays(hours, day, [...list, { from, to: '24:00' }]);
}

export function withoutInterval(hours: WorkingHours, day: Weekday, index: number): WorkingHours {
  const list = intervalsOf(hours, day).filter((_, at) => at !== index);
  return withDays(hours, day, list.length === 0 ? null : list);
}

/** Tuesday to Friday become copies of Monday (a day off if Monday is); the weekend is left alone. */
export function copyMondayToWeekdays(hours: WorkingHours): WorkingHours {
  const monday = hours.days['1'];
  return WORKDAYS.slice(1).reduce(
    (next, day) => withDays(next, day, monday === undefined ? null : monday.map((entry) => ({ ...entry }))),
    hours,
  );
}

/** Added once, kept in date order so the list reads like a calendar. */
export function withHoliday(hours: WorkingHours, day: string): WorkingHours {
  if (!DAY.test(day) || hours.holidays.includes(day)) return hours;
  return { ...hours, holidays: [...hours.holidays, day].sort() };
}

export function withoutHoliday(hours: WorkingHours, day: string): WorkingHours {
  return { ...hours, holidays: hours.holidays.filter((entry) => entry !== day) };
}

/**
 * Problems of one schedule keyed by the path below it (`days.1.0.to`, `days.1`, `holidays.2`),
 * written into `errors` under `prefix` (e.g. `distribution.pools.0.hours`).
 */
export function validateHours(hours: WorkingHours, prefix: string, errors: Map<string, FieldMessage>): void {
  for (const day of WEEKDAYS) {
    const list = intervalsOf(hours, day);
    list.forEach((entry, index) => {
      const at = `${prefix}.days.${day}.${index}`;
      const fromOk = CLOCK_TIME.test(entry.from);
      const toOk = CLOCK_TIME.test(entry.to);
      if (!fromOk) errors.set(`${at}.from`, { key: 'distribution.hours.errors.time' });
      if (!toOk) errors.set(`${at}.to`, { key: 'distribution.hours.errors.time' });
      // As in the schema, the order is only checked between two well-formed times.
      if (fromOk && toOk && minutesOf(entry.from) >= minutesOf(entry.to)) errors.set(`${at}.to`, { key: 'distribution.hours.errors.order' });
    });
    if (list.length > 4) errors.set(`${prefix}.days.${day}`, { key: 'distribution.hours.errors.tooMany', params: { max: 4 } });
    else if (overlaps(list)) errors.set(`${prefix}.days.${day}`, { key: 'distribution.hours.errors.overlap' });
  }
  hours.holidays.forEach((day, index) => {
    if (!DAY.test(day)) errors.set(`${prefix}.holidays.${index}`, { key: 'distribution.hours.errors.holiday' });
  });
}

/** Only well-formed, ordered intervals are compared; the others already carry their own message. */
function overlaps(list: readonly Interval[]): boolean {
  const sorted = list
    .filter((entry) => CLOCK_TIME.test(entry.from) && CLOCK_TIME.test(entry.to) && minutesOf(entry.from) < minutesOf(entry.to))
    .sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  return sorted.some((entry, index) => index > 0 && minutesOf(entry.from) < minutesOf(sorted[index - 1]?.to ?? '00:00'));
}

/** A manager's own hours replace the pool's; new overrides start from the usual week. */
export function withManagerHours(list: readonly ManagerHours[], userId: number): ManagerHours[] {
  if (list.some((entry) => entry.userId === userId)) return [...list];
  return [...list, { userId, hours: defaultHours() }];
}
