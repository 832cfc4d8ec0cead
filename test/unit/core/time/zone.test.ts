import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../../../src/core/brand';
import {
  fromLocalDateTime, isValidTimeZone, nextLocalTime, parseClockTime, parseLocalDate, toLocalDateTime,
} from '../../../../src/core/time/zone';

const utc = (iso: string): EpochMs => Date.parse(iso) as EpochMs;

describe('wall clock in a time zone', () => {
  it('reads the local date, weekday and minute in a half-hour zone', () => {
    const local = toLocalDateTime('Asia/Kolkata', utc('2025-06-01T20:00:00Z'));
    expect(local).toEqual({ year: 2025, month: 6, day: 2, weekday: 1, minuteOfDay: 90 });
  });

  it('turns a local time into the instant on either side of the Berlin spring switch', () => {
    expect(fromLocalDateTime('Europe/Berlin', { year: 2025, month: 3, day: 29 }, 9 * 60)).toBe(utc('2025-03-29T08:00:00Z'));
    expect(fromLocalDateTime('Europe/Berlin', { year: 2025, month: 3, day: 31 }, 9 * 60)).toBe(utc('2025-03-31T07:00:00Z'));
  });

  it('moves a wall time inside the spring-forward gap forward by the gap', () => {
    expect(fromLocalDateTime('Europe/Berlin', { year: 2025, month: 3, day: 30 }, 2 * 60 + 30)).toBe(utc('2025-03-30T01:30:00Z'));
    expect(fromLocalDateTime('America/New_York', { year: 2025, month: 3, day: 9 }, 2 * 60 + 30)).toBe(utc('2025-03-09T07:30:00Z'));
  });

  it('resolves a wall time that happens twice in the fall-back overlap to the earlier instant', () => {
    expect(fromLocalDateTime('Europe/Berlin', { year: 2025, month: 10, day: 26 }, 2 * 60 + 30)).toBe(utc('2025-10-26T00:30:00Z'));
    expect(fromLocalDateTime('America/New_York', { year: 2025, month: 11, day: 2 }, 60 + 30)).toBe(utc('2025-11-02T05:30:00Z'));
  });

  it('round-trips every hour of the New York fall-back day', () => {
    const start = utc('2025-11-02T04:00:00Z');
    for (let hour = 0; hour < 26; hour += 1) {
      const at = (start + hour * 3_600_000) as EpochMs;
      const local = toLocalDateTime('America/New_York', at);
      const back = fromLocalDateTime('America/New_York', local, local.minuteOfDay);
      // The repeated 01:xx hour maps back to its first occurrence; every other hour is exact.
      expect(back === at || back === at - 3_600_000).toBe(true);
    }
  });

  it('finds the next occurrence of a local time after an instant', () => {
    const eveningMoscow = utc('2025-01-10T16:00:00Z'); // 19:00 MSK
    expect(nextLocalTime('Europe/Moscow', eveningMoscow, 18 * 60)).toBe(utc('2025-01-11T15:00:00Z'));
    expect(nextLocalTime('Europe/Moscow', eveningMoscow, 20 * 60)).toBe(utc('2025-01-10T17:00:00Z'));
  });
});

describe('parsing', () => {
  it('accepts clock times from 00:00 to 24:00 and rejects the rest', () => {
    expect(parseClockTime('09:30')).toBe(570);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('24:01')).toBeNull();
    expect(parseClockTime('9:60')).toBeNull();
    expect(parseClockTime('nine')).toBeNull();
  });

  it('accepts real calendar dates only', () => {
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseLocalDate('2025-02-29')).toBeNull();
    expect(parseLocalDate('2025-2-1')).toBeNull();
  });

  it('tells known time zones from unknown ones', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
