/** Report periods as the account sees days: "from 1 Nov to 7 Nov" means account-time midnights. */
import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { asEpochMs, type EpochMs } from '../../../core/brand';

export interface DayRange { from: string; to: string }

/** `yyyy-MM-dd` of the instant in the zone. */
const dayOf = (at: EpochMs, timeZone: string): string => format(new TZDate(at, timeZone), 'yyyy-MM-dd');

/** [start of `from`, start of the day after `to`) in the zone; null for malformed or reversed days. */
export function periodOf(range: DayRange, timeZone: string): { from: EpochMs; to: EpochMs } | null {
  const start = midnight(range.from, timeZone);
  const end = midnight(range.to, timeZone);
  if (start === null || end === null || end < start) return null;
  return { from: asEpochMs(start), to: asEpochMs(addDays(new TZDate(end, timeZone), 1).getTime()) };
}

function midnight(day: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), timeZone).getTime();
}

/** The last seven days including today. */
export function lastWeek(now: EpochMs, timeZone: string): DayRange {
  return { from: dayOf(addDays(new TZDate(now, timeZone), -6).getTime() as EpochMs, timeZone), to: dayOf(now, timeZone) };
}
