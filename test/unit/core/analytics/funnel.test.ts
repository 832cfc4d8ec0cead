import { describe, expect, it } from 'vitest';
import type { LeadId, LossReasonId } from '../../../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../../../src/core/brand';
import { computeStageConversion } from '../../../../src/core/analytics/funnel';
import { computeLossesByStageAndReason } from '../../../../src/core/analytics/losses';
import { NOW, STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildOpenDeal, buildPipeline, daysAgo, move } from '../../../support/analytics';

const pipeline = buildPipeline();
const PRICE = 11 as LossReasonId;
// 1: First → Proposal → Closing → Won   2: First → Closing (skips Proposal) → Lost
// 3: First → Lost                        4: still in First
const deals = [
  buildOpenDeal({ id: 1 as LeadId, statusId: STATUS_WON }),
  buildOpenDeal({ id: 2 as LeadId, statusId: STATUS_LOST, lossReasonId: PRICE, closedAt: daysAgo(5), price: 30_000 }),
  buildOpenDeal({ id: 3 as LeadId, statusId: STATUS_LOST, lossReasonId: PRICE, closedAt: daysAgo(6), price: 10_000 }),
  buildOpenDeal({ id: 4 as LeadId }),
];
const changes = [
  move(1, daysAgo(50), STAGE_FIRST, STAGE_PROPOSAL), move(1, daysAgo(40), STAGE_PROPOSAL, STAGE_CLOSING), move(1, daysAgo(30), STAGE_CLOSING, STATUS_WON),
  move(2, daysAgo(50), STAGE_FIRST, STAGE_CLOSING), move(2, daysAgo(5), STAGE_CLOSING, STATUS_LOST),
  move(3, daysAgo(6), STAGE_FIRST, STATUS_LOST),
];

describe('computeStageConversion', () => {
  it('counts a skipped stage only for deals that were really in it (our default)', () => {
    const funnel = computeStageConversion(pipeline, deals, changes);
    expect(funnel.rows.map((r) => [r.statusId, r.entered, r.progressed, r.lost])).toEqual([
      [STAGE_FIRST, 4, 2, 1],
      [STAGE_PROPOSAL, 1, 1, 0],
      [STAGE_CLOSING, 2, 1, 1],
    ]);
    expect([funnel.deals, funnel.won]).toEqual([4, 1]);
  });

  it("reproduces amoCRM's report, which counts every earlier stage as passed, when asked", () => {
    const funnel = computeStageConversion(pipeline, deals, changes, 'assume_passed');
    expect(funnel.rows.map((r) => [r.entered, r.progressed])).toEqual([[4, 2], [2, 2], [2, 1]]);
    expect(funnel.rows[1]?.progressRate).toBe(1);
  });

  it('has no rate for a stage nobody entered', () => {
    const funnel = computeStageConversion(pipeline, [buildOpenDeal({ id: 4 as LeadId })], []);
    expect(funnel.rows.map((r) => r.progressRate)).toEqual([0, null, null]);
  });
});

describe('computeLossesByStageAndReason', () => {
  it('places each loss at the stage it was lost from, with its reason and value', () => {
    expect(computeLossesByStageAndReason(deals, changes, { from: daysAgo(30), to: NOW })).toEqual([
      { lostFromStatusId: STAGE_CLOSING, reasonId: PRICE, count: 1, value: 30_000 },
      { lostFromStatusId: STAGE_FIRST, reasonId: PRICE, count: 1, value: 10_000 },
    ]);
  });

  it('leaves out losses closed outside the period', () => {
    expect(computeLossesByStageAndReason(deals, changes, { from: daysAgo(30), to: daysAgo(5) })).toHaveLength(1);
  });
});
