import { describe, expect, it } from 'vitest';
import type { LeadId, UnixSeconds } from '../../../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../../../src/core/brand';
import { computeCohortTable } from '../../../../src/core/analytics/cohort-table';
import { deriveMaturityCutoff } from '../../../../src/core/analytics/stage-times';
import type { Deal, StatusChange } from '../../../../src/core/domain';
import { DAY, NOW, STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildOpenDeal, buildPipeline, move } from '../../../support/analytics';

const pipeline = buildPipeline();
const at = (days: number): UnixSeconds => (NOW - days * DAY) as UnixSeconds;
// Two "weeks" of 7 days: [NOW-14d, NOW-7d) and [NOW-7d, NOW).
const boundaries = [at(14), at(7), NOW];

describe('computeCohortTable', () => {
  // Cohort A (created 13 days ago): 1 won via every stage, 2 skipped Proposal and was lost at Closing,
  // 3 lost in First, 4 still in First. Cohort B (created 3 days ago): 5 moved to Proposal.
  const deals: Deal[] = [
    buildOpenDeal({ id: 1 as LeadId, createdAt: at(13), statusId: STATUS_WON }),
    buildOpenDeal({ id: 2 as LeadId, createdAt: at(13), statusId: STATUS_LOST }),
    buildOpenDeal({ id: 3 as LeadId, createdAt: at(12), statusId: STATUS_LOST }),
    buildOpenDeal({ id: 4 as LeadId, createdAt: at(12) }),
    buildOpenDeal({ id: 5 as LeadId, createdAt: at(3), statusId: STAGE_PROPOSAL }),
  ];
  const changes: StatusChange[] = [
    move(1, at(12), STAGE_FIRST, STAGE_PROPOSAL), move(1, at(11), STAGE_PROPOSAL, STAGE_CLOSING), move(1, at(10), STAGE_CLOSING, STATUS_WON),
    move(2, at(12), STAGE_FIRST, STAGE_CLOSING), move(2, at(11), STAGE_CLOSING, STATUS_LOST),
    move(3, at(11), STAGE_FIRST, STATUS_LOST),
    move(5, at(2), STAGE_FIRST, STAGE_PROPOSAL),
  ];

  it('visited_only: reached, share of the cohort and step conversion per stage (hand-computed)', () => {
    const table = computeCohortTable(pipeline, deals, changes, { boundaries, now: NOW, maturityDays: 5, policy: 'visited_only' });
    // Cohort A is mature (ended 7 days ago ≥ 5), B is not (ends now).
    expect(table.cohorts).toHaveLength(1);
    const a = table.cohorts[0];
    expect(a?.start).toBe(at(14));
    expect([a?.created, a?.won, a?.lost, a?.open, a?.leadToSale]).toEqual([4, 1, 2, 1, 0.25]);
    // First: all 4 (4/4, step 4/4); Proposal: only deal 1 (1/4, step 1/4); Closing: deals 1 and 2 (2/4), but the step
    // Proposal → Closing is read among the deals that were in Proposal (deal 1, which went on to Closing): 1/1, not 2/1.
    expect(a?.stages.map((s) => [s.reached, s.share, s.stepConversion])).toEqual([[4, 1, 1], [1, 0.25, 0.25], [2, 0.5, 1]]);
    expect(table.immature.map((r) => [r.start, r.created])).toEqual([[at(7), 1]]);
    expect(table.immatureLeads).toBe(1);
    expect(table.totals).toEqual({ created: 4, won: 1, lost: 2, open: 1, leadToSale: 0.25, stages: a?.stages });
  });

  it('visited_only: a step never exceeds 100% — deals that skipped the earlier stage are not in its base', () => {
    // Deal 2 jumped First → Closing; deal 6 was in Proposal and was lost there: Proposal → Closing is 1 of 2.
    const more = [...deals, buildOpenDeal({ id: 6 as LeadId, createdAt: at(13), statusId: STATUS_LOST })];
    const moreChanges = [...changes, move(6, at(12), STAGE_FIRST, STAGE_PROPOSAL), move(6, at(11), STAGE_PROPOSAL, STATUS_LOST)];
    const table = computeCohortTable(pipeline, more, moreChanges, { boundaries, now: NOW, maturityDays: 5, policy: 'visited_only' });
    expect(table.totals.stages.map((s) => [s.reached, s.stepConversion])).toEqual([[5, 1], [2, 0.4], [2, 0.5]]);
  });

  it("assume_passed: a deal that reached Closing counts in Proposal too (amoCRM's report)", () => {
    const table = computeCohortTable(pipeline, deals, changes, { boundaries, now: NOW, maturityDays: 5, policy: 'assume_passed' });
    // Proposal now holds deals 1 and 2 (2/4, step 2/4); Closing 1 and 2 (2/4, step 2/2).
    expect(table.cohorts[0]?.stages.map((s) => [s.reached, s.share, s.stepConversion])).toEqual([[4, 1, 1], [2, 0.5, 0.5], [2, 0.5, 1]]);
  });

  it('with no cut-off every cohort counts in the totals', () => {
    const table = computeCohortTable(pipeline, deals, changes, { boundaries, now: NOW, maturityDays: 0, policy: 'visited_only' });
    expect(table.cohorts).toHaveLength(2);
    expect(table.immature).toEqual([]);
    expect(table.totals.created).toBe(5);
  });
});

describe('the 50:1 → 17:1 case (PRODUCT.md, issue 11)', () => {
  // A three-month sales cycle. 170 leads created 200–110 days ago: 10 won (17 leads per sale).
  // 330 leads created in the last 60 days, still in work: none won yet.
  // Read over everything the funnel says 500 leads per 10 sales = 50:1.
  const old: Deal[] = Array.from({ length: 170 }, (_, i) => buildOpenDeal({
    id: (1000 + i) as LeadId, createdAt: at(200 - Math.floor(i / 2)), statusId: i < 10 ? STATUS_WON : STATUS_LOST,
    // Won deals closed 60–96 days after creation (time to win, 4 days apart).
    closedAt: i < 10 ? at(200 - Math.floor(i / 2) - (60 + 4 * i)) : at(100),
  }));
  const young: Deal[] = Array.from({ length: 330 }, (_, i) => buildOpenDeal({ id: (5000 + i) as LeadId, createdAt: at(60 - (i % 60)) }));
  const all = [...old, ...young];
  const weeks = Array.from({ length: 31 }, (_, i) => at(210 - 7 * i));
  weeks.push((weeks[weeks.length - 1] as number) + 7 * DAY as UnixSeconds);

  it('over every lead the funnel says 50:1', () => {
    const table = computeCohortTable(pipeline, all, [], { boundaries: weeks, now: NOW, maturityDays: 0, policy: 'visited_only' });
    expect(table.totals.created).toBe(500);
    expect(table.totals.won).toBe(10);
    expect(table.totals.created / table.totals.won).toBe(50);
  });

  it('the cut-off measured from won deals (80th percentile time to win) leaves the young leads out: 17:1', () => {
    const won = old.filter((d) => d.statusId === STATUS_WON);
    const cutoff = deriveMaturityCutoff(won.map((d) => (d.closedAt as number) - d.createdAt), null);
    // Times to win 60, 64, …, 96 days: 80th percentile = 60 + 4 × 7.2 = 88.8 → 89 days.
    expect(cutoff).toEqual({ days: 89, basis: 'p80_time_to_win', wonDeals: 10 });
    const table = computeCohortTable(pipeline, all, [], { boundaries: weeks, now: NOW, maturityDays: cutoff.days, policy: 'visited_only' });
    expect(table.totals.created / table.totals.won).toBe(17);
    expect(table.immatureLeads).toBe(330);
    expect(table.immature.every((row) => row.won === 0)).toBe(true);
  });
});
