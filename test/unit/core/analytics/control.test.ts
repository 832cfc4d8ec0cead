import { describe, expect, it } from 'vitest';
import type { LeadId, StatusId, UnixSeconds } from '../../../../src/core/brand';
import { STATUS_LOST } from '../../../../src/core/brand';
import { selectDealsWithDistantNextTask, selectStuckDeals } from '../../../../src/core/analytics/control';
import { DAY, NOW, STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildOpenDeal, daysAgo, move } from '../../../support/analytics';

describe('selectStuckDeals', () => {
  const limits = new Map<StatusId, number>([[STAGE_PROPOSAL, 14], [STAGE_CLOSING, 7]]);

  it('measures from the day the deal entered its stage, even when it was edited yesterday', () => {
    const deal = buildOpenDeal({ id: 1 as LeadId, statusId: STAGE_PROPOSAL, updatedAt: daysAgo(1) });
    const stuck = selectStuckDeals([deal], [move(1, daysAgo(60), STAGE_FIRST, STAGE_PROPOSAL)], limits, NOW);
    expect(stuck.map((s) => [s.deal.id, s.daysInStage, s.limitDays])).toEqual([[1, 60, 14]]);
  });

  it('leaves out deals within the limit, stages without a limit and closed deals', () => {
    const deals = [
      buildOpenDeal({ id: 1 as LeadId, statusId: STAGE_PROPOSAL }),
      buildOpenDeal({ id: 2 as LeadId, statusId: STAGE_FIRST, createdAt: daysAgo(300) }),
      buildOpenDeal({ id: 3 as LeadId, statusId: STATUS_LOST, createdAt: daysAgo(300) }),
    ];
    expect(selectStuckDeals(deals, [move(1, daysAgo(14), STAGE_FIRST, STAGE_PROPOSAL)], limits, NOW)).toEqual([]);
  });

  it('puts the deal furthest over its limit first', () => {
    const deals = [buildOpenDeal({ id: 1 as LeadId, statusId: STAGE_PROPOSAL }), buildOpenDeal({ id: 2 as LeadId, statusId: STAGE_CLOSING })];
    const changes = [move(1, daysAgo(20), STAGE_FIRST, STAGE_PROPOSAL), move(2, daysAgo(20), STAGE_PROPOSAL, STAGE_CLOSING)];
    expect(selectStuckDeals(deals, changes, limits, NOW).map((s) => s.deal.id)).toEqual([2, 1]);
  });
});

describe('selectDealsWithDistantNextTask', () => {
  it('finds open deals whose next task is further away than allowed, furthest first', () => {
    const deals = [
      buildOpenDeal({ id: 1 as LeadId, closestTaskAt: (NOW + 10 * DAY) as UnixSeconds }),
      buildOpenDeal({ id: 2 as LeadId, closestTaskAt: (NOW + 30 * DAY) as UnixSeconds }),
      buildOpenDeal({ id: 3 as LeadId, closestTaskAt: (NOW + 3 * DAY) as UnixSeconds }),
      buildOpenDeal({ id: 4 as LeadId, closestTaskAt: null }),
      buildOpenDeal({ id: 5 as LeadId, statusId: STATUS_LOST, closestTaskAt: (NOW + 90 * DAY) as UnixSeconds }),
    ];
    expect(selectDealsWithDistantNextTask(deals, 7, NOW).map((d) => [d.deal.id, d.daysAway])).toEqual([[2, 30], [1, 10]]);
  });
});
