import { describe, expect, it } from 'vitest';
import type { LeadId, UnixSeconds } from '../../../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../../../src/core/brand';
import { computeWeeklyCohorts, deriveWeekStart } from '../../../../src/core/analytics/cohorts';
import { NOW, buildOpenDeal, buildPipeline } from '../../../support/analytics';

const utc = (iso: string): UnixSeconds => (Date.parse(iso) / 1000) as UnixSeconds;
const pipeline = buildPipeline();
const options = { timezone: 'Europe/Moscow', now: NOW, maturityDays: 28 };

describe('deriveWeekStart', () => {
  it("starts weeks on Monday 00:00 in the account's time zone, not in UTC", () => {
    // Monday 01:00 in Moscow is still Sunday in UTC.
    expect(deriveWeekStart('Europe/Moscow', utc('2025-11-23T22:00:00Z'))).toBe(utc('2025-11-23T21:00:00Z'));
    expect(deriveWeekStart('UTC', utc('2025-11-23T22:00:00Z'))).toBe(utc('2025-11-17T00:00:00Z'));
  });
});

describe('computeWeeklyCohorts', () => {
  const deals = [
    buildOpenDeal({ id: 1 as LeadId, createdAt: utc('2025-11-23T22:00:00Z'), statusId: STATUS_WON }),
    buildOpenDeal({ id: 2 as LeadId, createdAt: utc('2025-11-26T10:00:00Z'), statusId: STATUS_LOST }),
    buildOpenDeal({ id: 3 as LeadId, createdAt: utc('2025-11-27T10:00:00Z') }),
    buildOpenDeal({ id: 4 as LeadId, createdAt: utc('2025-11-18T10:00:00Z'), statusId: STATUS_WON }),
    // Week of 1 December ends on 8 December, less than 28 days before 1 January: immature.
    buildOpenDeal({ id: 5 as LeadId, createdAt: utc('2025-12-02T10:00:00Z') }),
    buildOpenDeal({ id: 6 as LeadId, createdAt: utc('2025-12-20T10:00:00Z'), statusId: STATUS_WON }),
  ];

  it('groups leads by creation week, oldest first, with outcome counts and conversion', () => {
    const { cohorts } = computeWeeklyCohorts(pipeline, deals, [], options);
    expect(cohorts.map((c) => [c.weekStart, c.created, c.won, c.lost, c.open, c.conversion])).toEqual([
      [utc('2025-11-16T21:00:00Z'), 1, 1, 0, 0, 1],
      [utc('2025-11-23T21:00:00Z'), 3, 1, 1, 1, 1 / 3],
    ]);
  });

  it('leaves out cohorts whose week ended less than the maturity period ago, and says how many leads', () => {
    const result = computeWeeklyCohorts(pipeline, deals, [], options);
    expect(result.immatureLeftOut).toBe(2);
    expect(result.cohorts.flatMap((c) => c.weekStart)).not.toContain(utc('2025-11-30T21:00:00Z'));
  });

  it('includes a cohort once its week is old enough', () => {
    const later = computeWeeklyCohorts(pipeline, deals, [], { ...options, now: (NOW + 7 * 86_400) as UnixSeconds });
    expect(later.cohorts.map((c) => c.created)).toEqual([1, 3, 1]);
  });

  it('reports the stage funnel inside each cohort', () => {
    const { cohorts } = computeWeeklyCohorts(pipeline, deals, [], options);
    expect(cohorts[1]?.stages[0]).toMatchObject({ entered: 1 });
  });
});
