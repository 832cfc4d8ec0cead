import { describe, expect, it } from 'vitest';
import type { LeadId, LossReasonId, UnixSeconds } from '../../../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../../../src/core/brand';
import { computeManagerMetrics, computeTeamMetrics } from '../../../../src/core/analytics/manager-metrics';
import { DAY, MANAGER, NOW, OTHER_MANAGER, buildOpenDeal, buildTask, daysAgo } from '../../../support/analytics';

const PRICE = 11 as LossReasonId;
const period = { from: daysAgo(180), to: NOW };
const input = (over: Partial<Parameters<typeof computeManagerMetrics>[1]> = {}) => ({
  deals: [], tasks: [], now: NOW, period, maturityDays: 90, ...over,
});

describe('computeManagerMetrics', () => {
  it('counts open deals, those without a task and those with an overdue task', () => {
    const deals = [
      buildOpenDeal({ id: 1 as LeadId }),
      buildOpenDeal({ id: 2 as LeadId, closestTaskAt: null }),
      buildOpenDeal({ id: 3 as LeadId, closestTaskAt: daysAgo(2) }),
      buildOpenDeal({ id: 4 as LeadId, statusId: STATUS_WON, closestTaskAt: null }),
      buildOpenDeal({ id: 5 as LeadId, responsibleUserId: OTHER_MANAGER, closestTaskAt: null }),
    ];
    expect(computeManagerMetrics(MANAGER, input({ deals }))).toMatchObject({ openDeals: 3, withoutTask: 1, withOverdueTask: 1 });
  });

  it('counts tasks done on time among tasks due in the period', () => {
    const tasks = [
      buildTask({ isCompleted: true, completeTill: daysAgo(5), updatedAt: daysAgo(6) }),
      buildTask({ isCompleted: true, completeTill: daysAgo(5), updatedAt: daysAgo(4) }),
      buildTask({ isCompleted: false, completeTill: daysAgo(5) }),
      // Not due yet and not done: not counted either way.
      buildTask({ isCompleted: false, completeTill: (NOW + DAY) as UnixSeconds }),
      buildTask({ isCompleted: true, completeTill: daysAgo(400), updatedAt: daysAgo(401) }),
    ];
    expect(computeManagerMetrics(MANAGER, input({ tasks }))).toMatchObject({ tasksDue: 3, tasksOnTime: 1, onTimeShare: 1 / 3 });
  });

  it('computes conversion only over leads older than the maturity period', () => {
    const deals = [
      buildOpenDeal({ id: 1 as LeadId, createdAt: daysAgo(120), statusId: STATUS_WON }),
      buildOpenDeal({ id: 2 as LeadId, createdAt: daysAgo(100) }),
      buildOpenDeal({ id: 3 as LeadId, createdAt: daysAgo(100), statusId: STATUS_LOST }),
      buildOpenDeal({ id: 4 as LeadId, createdAt: daysAgo(100), statusId: STATUS_LOST }),
      buildOpenDeal({ id: 5 as LeadId, createdAt: daysAgo(10) }),
      buildOpenDeal({ id: 6 as LeadId, createdAt: daysAgo(10) }),
    ];
    expect(computeManagerMetrics(MANAGER, input({ deals }))).toMatchObject({ matureLeads: 4, matureWon: 1, matureConversion: 0.25 });
  });

  it("lists the manager's losses in the period by reason", () => {
    const deals = [
      buildOpenDeal({ id: 1 as LeadId, statusId: STATUS_LOST, lossReasonId: PRICE, closedAt: daysAgo(3), price: 100 }),
      buildOpenDeal({ id: 2 as LeadId, statusId: STATUS_LOST, lossReasonId: PRICE, closedAt: daysAgo(4), price: 50 }),
      buildOpenDeal({ id: 3 as LeadId, statusId: STATUS_LOST, lossReasonId: null, closedAt: daysAgo(4), price: 10 }),
      buildOpenDeal({ id: 4 as LeadId, statusId: STATUS_LOST, lossReasonId: PRICE, closedAt: daysAgo(4), responsibleUserId: OTHER_MANAGER }),
    ];
    expect(computeManagerMetrics(MANAGER, input({ deals })).lossesByReason).toEqual([
      { reasonId: PRICE, count: 2, value: 150 }, { reasonId: null, count: 1, value: 10 },
    ]);
  });

  it('has no rates, rather than zero, without tasks or mature leads', () => {
    expect(computeManagerMetrics(MANAGER, input())).toMatchObject({ onTimeShare: null, matureConversion: null });
  });
});

describe('computeTeamMetrics', () => {
  it('gives one row per manager, most open deals first', () => {
    const deals = [buildOpenDeal({ id: 1 as LeadId }), buildOpenDeal({ id: 2 as LeadId, responsibleUserId: OTHER_MANAGER }), buildOpenDeal({ id: 3 as LeadId, responsibleUserId: OTHER_MANAGER })];
    expect(computeTeamMetrics(input({ deals })).map((m) => [m.userId, m.openDeals])).toEqual([[OTHER_MANAGER, 2], [MANAGER, 1]]);
  });
});
