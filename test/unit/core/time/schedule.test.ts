import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../../../src/core/brand';
import {
  addWorkingMinutes, endOfWorkingDay, isWithinWorkingHours, nextWorkingDayAt, nextWorkingStart,
  startOfNextWorkingDay, weeklySchedule, type WorkingSchedule,
} from '../../../../src/core/time/schedule';

const utc = (iso: string): EpochMs => Date.parse(iso) as EpochMs;
const weekdays = [1, 2, 3, 4, 5] as const;
const berlin = weeklySchedule('Europe/Berlin', weekdays, '09:00', '18:00');
const newYork = weeklySchedule('America/New_York', weekdays, '09:00', '18:00');
const kolkata = weeklySchedule('Asia/Kolkata', weekdays, '10:00', '19:00');
const moscow = weeklySchedule('Europe/Moscow', weekdays, '09:00', '18:00', ['2025-01-02']);

describe('isWithinWorkingHours', () => {
  it('keeps 09:00 local as the start before and after the Berlin spring switch', () => {
    expect(isWithinWorkingHours(berlin, utc('2025-03-28T08:00:00Z'))).toBe(true); // Fri 09:00 CET
    expect(isWithinWorkingHours(berlin, utc('2025-03-28T07:59:00Z'))).toBe(false);
    expect(isWithinWorkingHours(berlin, utc('2025-03-31T07:00:00Z'))).toBe(true); // Mon 09:00 CEST
    expect(isWithinWorkingHours(berlin, utc('2025-03-31T06:59:00Z'))).toBe(false);
  });

  it('treats the end of an interval as outside', () => {
    expect(isWithinWorkingHours(newYork, utc('2025-11-03T22:59:00Z'))).toBe(true); // Mon 17:59 EST
    expect(isWithinWorkingHours(newYork, utc('2025-11-03T23:00:00Z'))).toBe(false);
  });

  it('uses the local weekday, not the UTC one, in a half-hour zone', () => {
    // Sunday 23:00 UTC is Monday 04:30 in Kolkata; Monday 04:30 UTC is Monday 10:00 there.
    expect(isWithinWorkingHours(kolkata, utc('2025-06-02T04:30:00Z'))).toBe(true);
    expect(isWithinWorkingHours(kolkata, utc('2025-06-07T04:30:00Z'))).toBe(false); // Saturday
  });

  it('has no working hours on a holiday', () => {
    expect(isWithinWorkingHours(moscow, utc('2025-01-02T08:00:00Z'))).toBe(false);
    expect(isWithinWorkingHours(moscow, utc('2025-01-03T08:00:00Z'))).toBe(true);
  });
});

describe('nextWorkingStart', () => {
  it('returns the instant itself inside working hours', () => {
    expect(nextWorkingStart(berlin, utc('2025-03-28T10:00:00Z'))).toBe(utc('2025-03-28T10:00:00Z'));
  });

  it('jumps from Friday evening to Monday 09:00 across the New York spring switch', () => {
    expect(nextWorkingStart(newYork, utc('2025-03-07T23:30:00Z'))).toBe(utc('2025-03-10T13:00:00Z'));
  });

  it('skips holidays', () => {
    expect(nextWorkingStart(moscow, utc('2025-01-01T16:00:00Z'))).toBe(utc('2025-01-03T06:00:00Z'));
  });

  it('gives null when the schedule has no working time at all', () => {
    const never: WorkingSchedule = { timezone: 'UTC', days: {} };
    expect(nextWorkingStart(never, utc('2025-01-01T00:00:00Z'))).toBeNull();
    expect(addWorkingMinutes(never, utc('2025-01-01T00:00:00Z'), 60)).toBeNull();
  });
});

describe('addWorkingMinutes', () => {
  it('carries the remainder from Friday afternoon into Monday across the Berlin spring switch', () => {
    // Fri 17:00 CET + 2 working hours = Mon 10:00 CEST.
    expect(addWorkingMinutes(berlin, utc('2025-03-28T16:00:00Z'), 120)).toBe(utc('2025-03-31T08:00:00Z'));
  });

  it('carries the remainder across the New York fall-back weekend', () => {
    // Fri 17:00 EDT + 2 working hours = Mon 10:00 EST.
    expect(addWorkingMinutes(newYork, utc('2025-10-31T21:00:00Z'), 120)).toBe(utc('2025-11-03T15:00:00Z'));
  });

  it('counts a day with a switch by its real length', () => {
    const allWeek = weeklySchedule('Europe/Berlin', [1, 2, 3, 4, 5, 6, 7], '00:00', '24:00');
    const sundayMidnight = utc('2025-03-29T23:00:00Z');
    // The spring Sunday has 23 hours, so 23 working hours later is Monday 00:00 local.
    expect(addWorkingMinutes(allWeek, sundayMidnight, 23 * 60)).toBe(utc('2025-03-30T22:00:00Z'));
  });

  it('starts counting at the next working start when called outside hours', () => {
    expect(addWorkingMinutes(kolkata, utc('2025-06-01T10:00:00Z'), 30)).toBe(utc('2025-06-02T05:00:00Z'));
  });

  it('stops at the end of a window instead of jumping to the next day', () => {
    expect(addWorkingMinutes(moscow, utc('2025-01-03T14:00:00Z'), 60)).toBe(utc('2025-01-03T15:00:00Z'));
  });

  it('spans several working days', () => {
    // Mon 09:00 MSK + 3 days of 9 hours = Wed 18:00.
    expect(addWorkingMinutes(moscow, utc('2025-01-06T06:00:00Z'), 27 * 60)).toBe(utc('2025-01-08T15:00:00Z'));
  });
});

describe('next working day and end of day', () => {
  it('finds tomorrow morning by the local date even when UTC has already moved on', () => {
    // Monday 23:30 EDT is Tuesday 03:30 UTC; tomorrow morning is still Tuesday 09:00 local.
    expect(startOfNextWorkingDay(newYork, utc('2025-06-03T03:30:00Z'))).toBe(utc('2025-06-03T13:00:00Z'));
  });

  it('makes Friday\'s tomorrow morning the next Monday', () => {
    expect(startOfNextWorkingDay(berlin, utc('2025-10-24T12:00:00Z'))).toBe(utc('2025-10-27T08:00:00Z'));
  });

  it('puts a wall time on the next working day', () => {
    expect(nextWorkingDayAt(kolkata, utc('2025-06-06T06:00:00Z'), 11 * 60)).toBe(utc('2025-06-09T05:30:00Z'));
  });

  it('reports where the working day ends, and null on a day off', () => {
    expect(endOfWorkingDay(berlin, utc('2025-10-27T09:00:00Z'))).toBe(utc('2025-10-27T17:00:00Z'));
    expect(endOfWorkingDay(berlin, utc('2025-10-26T09:00:00Z'))).toBeNull();
  });
});
