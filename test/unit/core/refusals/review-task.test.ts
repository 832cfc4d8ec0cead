import { describe, expect, it } from 'vitest';
import type { EpochMs, UnixSeconds } from '../../../../src/core/brand';
import { toUnixSeconds } from '../../../../src/core/brand';
import { matchRules } from '../../../../src/core/refusals/match-rules';
import { computeReviewDueAt, deriveReviewTaskRequest } from '../../../../src/core/refusals/review-task';
import type { WorkingSchedule } from '../../../../src/core/time';
import { weeklySchedule } from '../../../../src/core/time';
import { HEAD_SALES, TASK_TYPE_REVIEW, buildCatalog, buildLostDeal, buildRule, lost } from '../../../support/refusals';

const utc = (iso: string): EpochMs => Date.parse(iso) as EpochMs;
const weekdays = [1, 2, 3, 4, 5] as const;
const moscow = weeklySchedule('Europe/Moscow', weekdays, '09:00', '18:00');
const newYork = weeklySchedule('America/New_York', weekdays, '09:00', '18:00');

describe('computeReviewDueAt', () => {
  it('counts "within 4 working hours" over the weekend in Moscow', () => {
    // Friday 17:00 MSK: one hour on Friday, three on Monday → Monday 12:00 MSK.
    expect(computeReviewDueAt({ kind: 'within_working_hours', hours: 4 }, moscow, utc('2026-03-06T14:00:00Z')))
      .toBe(utc('2026-03-09T09:00:00Z'));
  });

  it('counts working hours in New York across the switch to summer time', () => {
    // Friday 17:00 EST (UTC−5) → Monday 12:00 EDT (UTC−4); clocks moved on Sunday 8 March 2026.
    expect(computeReviewDueAt({ kind: 'within_working_hours', hours: 4 }, newYork, utc('2026-03-06T22:00:00Z')))
      .toBe(utc('2026-03-09T16:00:00Z'));
  });

  it('starts counting at the next working start when the loss happens at night', () => {
    // Tuesday 02:00 MSK → counting starts 09:00 → due 13:00 MSK.
    expect(computeReviewDueAt({ kind: 'within_working_hours', hours: 4 }, moscow, utc('2026-03-09T23:00:00Z')))
      .toBe(utc('2026-03-10T10:00:00Z'));
  });

  it('puts "next working day 12:00" on Monday for a Friday loss, and on the next day otherwise', () => {
    const spec = { kind: 'next_working_day_at', hour: 12, minute: 0 } as const;
    expect(computeReviewDueAt(spec, moscow, utc('2026-03-06T14:00:00Z'))).toBe(utc('2026-03-09T09:00:00Z'));
    expect(computeReviewDueAt(spec, moscow, utc('2026-03-09T05:00:00Z'))).toBe(utc('2026-03-10T09:00:00Z'));
  });

  it('has no due time when the schedule has no working time at all', () => {
    const empty: WorkingSchedule = { timezone: 'Europe/Moscow', days: {} };
    expect(computeReviewDueAt({ kind: 'within_working_hours', hours: 4 }, empty, utc('2026-03-06T14:00:00Z'))).toBeNull();
  });
});

describe('deriveReviewTaskRequest', () => {
  const catalog = buildCatalog();
  const env = { catalog, schedule: moscow, text: { link: 'https://demo.amocrm.ru/leads/detail/101', formatValue: (n: number) => `${n}`, unknownLabel: '?' } };
  const lostAt = toUnixSeconds(utc('2026-03-06T14:00:00Z'));
  const deal = buildLostDeal({ closedAt: lostAt });

  function requestFor(schedule: WorkingSchedule, at: UnixSeconds = lostAt) {
    const match = matchRules(lost(deal), [buildRule()], catalog);
    if (match.kind !== 'review') throw new Error(match.kind);
    return deriveReviewTaskRequest(match, lost(deal), at, { ...env, schedule });
  }

  it('addresses the reviewer with the rule task type, rendered text and working-hours due time', () => {
    expect(requestFor(moscow)).toEqual({
      leadId: 101,
      responsibleUserId: HEAD_SALES,
      taskTypeId: TASK_TYPE_REVIEW,
      text: 'Review refusal: Office chairs by Anna, reason Too expensive, 50000. https://demo.amocrm.ru/leads/detail/101',
      completeTill: toUnixSeconds(utc('2026-03-09T09:00:00Z')),
    });
  });

  it('falls back to calendar hours when the schedule is empty', () => {
    expect(requestFor({ timezone: 'Europe/Moscow', days: {} }).completeTill).toBe(lostAt + 4 * 3600);
  });
});
