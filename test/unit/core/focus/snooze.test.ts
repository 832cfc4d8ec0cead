import { describe, expect, it } from 'vitest';
import { computeSnoozeUntil, SNOOZE_TWO_HOURS } from '../../../../src/core/focus/snooze';
import { weeklySchedule } from '../../../../src/core/time/schedule';
import { utc } from '../../../support/focus';

const berlin = weeklySchedule('Europe/Berlin', [1, 2, 3, 4, 5], '09:00', '18:00');

describe('computeSnoozeUntil', () => {
  it('snoozes for two real hours, even across the DST switch night', () => {
    expect(computeSnoozeUntil(SNOOZE_TWO_HOURS, utc('2025-03-30T00:30:00Z'), berlin)).toBe(utc('2025-03-30T02:30:00Z'));
  });

  it('brings the deal back at the start of the next working day, in local time', () => {
    // Friday 17:00 CET → Monday 09:00 CEST, after the spring switch.
    expect(computeSnoozeUntil({ kind: 'tomorrow_morning' }, utc('2025-03-28T16:00:00Z'), berlin)).toBe(utc('2025-03-31T07:00:00Z'));
  });

  it('brings the deal back when working time starts on the chosen date', () => {
    expect(computeSnoozeUntil({ kind: 'date', date: '2025-04-02' }, utc('2025-03-28T16:00:00Z'), berlin)).toBe(utc('2025-04-02T07:00:00Z'));
    // A Saturday rolls over to Monday morning.
    expect(computeSnoozeUntil({ kind: 'date', date: '2025-04-05' }, utc('2025-03-28T16:00:00Z'), berlin)).toBe(utc('2025-04-07T07:00:00Z'));
  });

  it('refuses a past or malformed date', () => {
    expect(computeSnoozeUntil({ kind: 'date', date: '2025-03-01' }, utc('2025-03-28T16:00:00Z'), berlin)).toBeNull();
    expect(computeSnoozeUntil({ kind: 'date', date: 'soon' }, utc('2025-03-28T16:00:00Z'), berlin)).toBeNull();
  });
});
