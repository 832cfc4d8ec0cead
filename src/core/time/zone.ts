/**
 * Wall-clock arithmetic in an IANA time zone, on plain numbers.
 *
 * Working hours, "tomorrow morning" and "end of day" are wall-clock ideas in the account's time
 * zone, while everything we store and compare is an instant (EpochMs). This module is the only
 * place that crosses between the two, so DST handling lives here once:
 * - a wall time that does not exist (the spring-forward gap) is moved forward by the gap length,
 *   as Temporal's `disambiguation: 'compatible'` does (02:30 on the Berlin switch day → 03:30 CEST);
 * - a wall time that exists twice (the fall-back overlap) resolves to the earlier instant.
 *
 * Offsets come from the runtime's tz database through `@date-fns/tz` (Intl underneath).
 */
import { tzOffset } from '@date-fns/tz';
import type { EpochMs } from '../brand';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A calendar date with no time zone attached; `month` is 1–12. */
export interface LocalDate { readonly year: number; readonly month: number; readonly day: number }

export interface LocalDateTime extends LocalDate {
  readonly weekday: IsoWeekday;
  /** Minutes since local midnight, 0–1439. */
  readonly minuteOfDay: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Real offsets lie within ±14 h, so the instant of a wall time lies within this window. */
const OFFSET_SEARCH_MS = 14 * 3_600_000;

/** UTC offset of `timeZone` at `at`, in minutes (UTC+3 → 180). NaN for an unknown zone. */
function offsetMinutesAt(timeZone: string, at: EpochMs): number {
  return tzOffset(timeZone, new Date(at));
}

// Building an Intl.DateTimeFormat costs ~0.1 ms and config validation asks per field: remember answers.
const knownZones = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  const known = knownZones.get(timeZone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    valid = true;
  } catch {
    valid = false;
  }
  if (knownZones.size < 1_000) knownZones.set(timeZone, valid);
  return valid;
}

/** The wall clock shown in `timeZone` at instant `at`. */
export function toLocalDateTime(timeZone: string, at: EpochMs): LocalDateTime {
  const shifted = new Date(at + offsetMinutesAt(timeZone, at) * MINUTE_MS);
  const utcDay = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: (utcDay === 0 ? 7 : utcDay) as IsoWeekday,
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** The instant at which `timeZone`'s wall clock shows `date` at `minuteOfDay` (may be 1440 = next midnight). */
export function fromLocalDateTime(timeZone: string, date: LocalDate, minuteOfDay: number): EpochMs {
  const naive = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const offsetBefore = offsetMinutesAt(timeZone, (naive - OFFSET_SEARCH_MS) as EpochMs);
  const offsetAfter = offsetMinutesAt(timeZone, (naive + OFFSET_SEARCH_MS) as EpochMs);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => naive - offset * MINUTE_MS)
    .filter((instant) => naive - offsetMinutesAt(timeZone, instant as EpochMs) * MINUTE_MS === instant);
  if (matches.length > 0) return Math.min(...matches) as EpochMs;
  // In the gap: read the wall time with the offset in force before the switch.
  return (naive - offsetBefore * MINUTE_MS) as EpochMs;
}

export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): IsoWeekday {
  const utcDay = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (utcDay === 0 ? 7 : utcDay) as IsoWeekday;
}

/** `YYYY-MM-DD`, the form holidays are written in. */
export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses `YYYY-MM-DD`; null when malformed or not a real date (2025-02-30). */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return formatLocalDate(addLocalDays(date, 0)) === text ? date : null;
}

/** Parses `HH:MM` (00:00–24:00) into minutes since midnight; null when malformed. */
export function parseClockTime(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

/** Minutes since midnight as `HH:MM` (1440 → 24:00), the inverse of parseClockTime. */
export function formatClockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** The instant of `minuteOfDay` on the local calendar date that contains `at`. */
function localTimeOn(timeZone: string, at: EpochMs, minuteOfDay: number): EpochMs {
  return fromLocalDateTime(timeZone, toLocalDateTime(timeZone, at), minuteOfDay);
}

/** The first instant strictly after `after` at which the wall clock shows `minuteOfDay`. */
export function nextLocalTime(timeZone: string, after: EpochMs, minuteOfDay: number): EpochMs {
  const sameDay = localTimeOn(timeZone, after, minuteOfDay);
  if (sameDay > after) return sameDay;
  return fromLocalDateTime(timeZone, addLocalDays(toLocalDateTime(timeZone, after), 1), minuteOfDay);
}
