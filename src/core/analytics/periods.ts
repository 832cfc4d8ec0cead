/**
 * The periods the funnel, losses and cohorts are read over, in the account's zone: the last N days
 * up to now, calendar weeks (Monday 00:00), months, quarters — current and previous — and a custom
 * range of whole local days. Always half-open [from, to) in Unix seconds; a current period ends now.
 */
import type { UnixSeconds } from '../brand';
import { toEpochMs, toUnixSeconds } from '../brand';
import { addLocalDays, fromLocalDateTime, toLocalDateTime, type LocalDate } from '../time';
import { deriveMonthBoundaries, deriveWeekBoundaries } from './checklist';
import type { Period } from './losses';

export const CALENDAR_PERIODS = ['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter'] as const;
export type CalendarPeriod = (typeof CALENDAR_PERIODS)[number];

export type PeriodSpec =
  | { kind: 'last_days'; days: number }
  | { kind: 'calendar'; name: CalendarPeriod }
  /** Whole local days, both included ("2026-11-01" to "2026-11-30" is November). */
  | { kind: 'days'; first: LocalDate; last: LocalDate };

const DAY_SECONDS = 86_400;

const startOfDay = (timezone: string, day: LocalDate): UnixSeconds => toUnixSeconds(fromLocalDateTime(timezone, day, 0));

function calendarPeriod(timezone: string, now: UnixSeconds, name: CalendarPeriod): Period {
  const current = name.startsWith('this_');
  if (name.endsWith('_week')) {
    const [previous, start] = deriveWeekBoundaries(timezone, now, 2) as [UnixSeconds, UnixSeconds];
    return current ? { from: start, to: (now + 1) as UnixSeconds } : { from: previous, to: start };
  }
  const months = name.endsWith('_month') ? 1 : 3;
  const local = toLocalDateTime(timezone, toEpochMs(now));
  // The month holding the start of this quarter (or this month).
  const first = { year: local.year, month: months === 1 ? local.month : local.month - ((local.month - 1) % 3), day: 1 };
  const start = startOfDay(timezone, first);
  if (current) return { from: start, to: (now + 1) as UnixSeconds };
  const bounds = deriveMonthBoundaries(timezone, (start - 1) as UnixSeconds, months);
  return { from: bounds[0] as UnixSeconds, to: start };
}

/** [from, to) of the period; a period still running ends at `now` (included). */
export function derivePeriod(timezone: string, now: UnixSeconds, spec: PeriodSpec): Period {
  if (spec.kind === 'last_days') return { from: (now - spec.days * DAY_SECONDS) as UnixSeconds, to: (now + 1) as UnixSeconds };
  if (spec.kind === 'calendar') return calendarPeriod(timezone, now, spec.name);
  return { from: startOfDay(timezone, spec.first), to: startOfDay(timezone, addLocalDays(spec.last, 1)) };
}
