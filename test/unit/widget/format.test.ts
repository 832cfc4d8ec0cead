import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../../src/core/brand';
import { formatDateTime, formatDay, formatTime } from '../../../src/widget/ui/format';
import { isKnownTimeZone } from '../../../src/widget/ui/time-zone';

const at = (iso: string) => Date.parse(iso) as EpochMs;
// 21:30 UTC on 1 March: already 2 March in Moscow and Novosibirsk, still 1 March in Los Angeles.
const lateEvening = at('2026-03-01T21:30:00Z');

describe('dates in the account time zone', () => {
  it.each([
    ['Europe/Moscow', 'Mar 2', '12:30 AM'],
    ['Asia/Novosibirsk', 'Mar 2', '4:30 AM'],
    ['America/Los_Angeles', 'Mar 1', '1:30 PM'],
    ['UTC', 'Mar 1', '9:30 PM'],
  ])('shows the day and time as seen in %s', (timeZone, day, time) => {
    const settings = { language: 'en', timeZone } as const;
    expect(formatDay(lateEvening, settings)).toBe(day);
    expect(formatTime(lateEvening, settings)).toBe(time);
  });

  it('does not depend on the machine time zone', () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      expect(formatTime(lateEvening, { language: 'ru', timeZone: 'Europe/Moscow' })).toBe('00:30');
    } finally {
      process.env.TZ = previous;
    }
  });

  it('follows daylight saving time changes', () => {
    // New York moves to EDT at 02:00 local on 8 March 2026: an hour apart in UTC, two apart locally.
    const settings = { language: 'en', timeZone: 'America/New_York' } as const;
    expect(formatTime(at('2026-03-08T06:30:00Z'), settings)).toBe('1:30 AM');
    expect(formatTime(at('2026-03-08T07:30:00Z'), settings)).toBe('3:30 AM');
  });

  it('writes Russian dates with Russian month names and a 24-hour clock', () => {
    const settings = { language: 'ru', timeZone: 'Europe/Moscow' } as const;
    expect(formatDateTime(lateEvening, settings)).toBe('2 мар. 2026, 00:30');
    expect(formatDay(lateEvening, settings)).toBe('2 мар.');
  });

  it('writes English dates the US way', () => {
    expect(formatDateTime(lateEvening, { language: 'en', timeZone: 'Europe/Moscow' })).toBe('Mar 2, 2026, 12:30 AM');
  });
});

describe('isKnownTimeZone', () => {
  it('accepts IANA zones and rejects made-up ones', () => {
    expect(isKnownTimeZone('Europe/Moscow')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
