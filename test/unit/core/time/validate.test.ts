import { describe, expect, it } from 'vitest';
import { weeklySchedule } from '../../../../src/core/time/schedule';
import { deriveScheduleProblems } from '../../../../src/core/time/validate';

describe('deriveScheduleProblems', () => {
  it('finds nothing wrong with an ordinary week', () => {
    expect(deriveScheduleProblems(weeklySchedule('Asia/Kolkata', [1, 2, 3, 4, 5], '10:00', '19:00', ['2025-08-15']))).toEqual([]);
  });

  it('reports an unknown zone, a reversed interval, overlaps and a bad holiday', () => {
    const problems = deriveScheduleProblems({
      timezone: 'Europe/Atlantis',
      days: { 1: [{ start: 600, end: 540 }], 2: [{ start: 540, end: 780 }, { start: 720, end: 1080 }] },
      holidays: ['2025-13-01'],
    });
    expect(problems).toEqual([
      { code: 'unknown_time_zone', timezone: 'Europe/Atlantis' },
      { code: 'bad_interval', weekday: 1, index: 0 },
      { code: 'overlapping_intervals', weekday: 2 },
      { code: 'bad_holiday', value: '2025-13-01' },
    ]);
  });

  it('reports a schedule with no working time at all', () => {
    expect(deriveScheduleProblems({ timezone: 'UTC', days: {} })).toEqual([{ code: 'no_working_time' }]);
  });
});
