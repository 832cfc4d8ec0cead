import { describe, expect, it } from 'vitest';
import type { LossReasonId, UserId } from '../../../../src/core/brand';
import { computeRefusalOutcomes } from '../../../../src/core/refusals/outcomes';
import type { Review, ReviewId } from '../../../../src/core/refusals/review';
import { confirmLoss, returnToWork } from '../../../../src/core/refusals/review-decisions';
import { markLostAgain, markWon, openReview } from '../../../../src/core/refusals/review-lifecycle';
import {
  FALLBACK, HEAD_KEY, HEAD_SALES, MANAGER, OTHER_MANAGER, REASON_COMPETITOR, REASON_NO_ANSWER, REASON_PRICE,
  TASK_TYPE_CALL, at, buildCatalog, buildPendingReview, buildReviewSubject,
} from '../../../support/refusals';

const catalog = buildCatalog();
const DAY = 86_400;
const T0 = 1_761_000_000;
const period = { from: at(T0), to: at(T0 + 30 * DAY) };
let seq = 0;
const nextId = (): ReviewId => `r${(seq += 1)}` as ReviewId;

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { kind: string } }): T {
  if (!r.ok) throw new Error(r.error.kind);
  return r.value;
}
const confirmed = (o: { manager?: UserId; reason: LossReasonId | null; corrected?: LossReasonId; by?: UserId; day?: number }): Review =>
  unwrap(confirmLoss(buildPendingReview({ id: nextId(), managerId: o.manager ?? MANAGER, managerReasonId: o.reason }), {
    decidedBy: o.by ?? HEAD_SALES, decidedAt: at(T0 + (o.day ?? 1) * DAY), correctedReasonId: o.corrected ?? null,
  }, catalog));
const returned = (o: { manager?: UserId; reason?: LossReasonId; by?: UserId; day?: number } = {}) =>
  unwrap(returnToWork(buildPendingReview({ id: nextId(), managerId: o.manager ?? MANAGER, managerReasonId: o.reason ?? REASON_PRICE }), {
    decidedBy: o.by ?? HEAD_SALES, decidedAt: at(T0 + (o.day ?? 1) * DAY), advice: 'try again',
    managerTaskDueAt: at(T0 + 40 * DAY), managerTaskTypeId: TASK_TYPE_CALL,
  }, catalog));

describe('computeRefusalOutcomes', () => {
  const reviews: Review[] = [
    confirmed({ reason: REASON_PRICE }),
    confirmed({ reason: REASON_PRICE, corrected: REASON_COMPETITOR }),
    confirmed({ reason: REASON_PRICE, corrected: REASON_COMPETITOR, manager: OTHER_MANAGER, by: HEAD_KEY }),
    confirmed({ reason: REASON_NO_ANSWER }),
    unwrap(markWon(returned(), at(T0 + 10 * DAY), 70_000)),
    unwrap(markWon(returned({ manager: OTHER_MANAGER, by: HEAD_KEY, reason: REASON_COMPETITOR }), at(T0 + 12 * DAY), 30_000)),
    unwrap(markLostAgain(returned(), at(T0 + 10 * DAY), REASON_PRICE)),
    returned(),
    // Decided outside the period: left out of the counts.
    confirmed({ reason: REASON_PRICE, day: 31 }),
    returned({ day: -1 }),
    // Still open: counted as pending / problem, never as reviewed.
    buildPendingReview({ id: nextId() }),
    openReview(buildReviewSubject({ id: nextId(), managerReasonId: null })),
  ];
  const outcomes = computeRefusalOutcomes(reviews, period);

  it('counts reviews decided in the period', () => {
    expect(outcomes.totals).toMatchObject({ reviewed: 8, confirmed: 4, returned: 4, recovered: 2, lostAgain: 1, inWork: 1 });
  });

  it('sums recovered value at the price the deals were won for', () => {
    expect(outcomes.totals.recoveredValue).toBe(100_000);
  });

  it('compares the return rate with the default 10% target', () => {
    expect(outcomes.totals.returnRate).toBeCloseTo(0.5);
    expect(outcomes.target).toBe(0.1);
    expect(outcomes.deltaFromTarget).toBeCloseTo(0.4);
    expect(computeRefusalOutcomes(reviews, period, 0.25).deltaFromTarget).toBeCloseTo(0.25);
  });

  it('counts the open queue and its problems whatever the period', () => {
    expect([outcomes.pending, outcomes.withProblems]).toEqual([2, 1]);
  });

  it('breaks the numbers down by manager, reviewer and reason', () => {
    expect(outcomes.byManager.find((r) => r.userId === OTHER_MANAGER)).toMatchObject({ reviewed: 2, returned: 1, recovered: 1, recoveredValue: 30_000 });
    expect(outcomes.byReviewer.find((r) => r.userId === HEAD_KEY)).toMatchObject({ reviewed: 2, returnRate: 0.5 });
    expect(outcomes.byReason.find((r) => r.reasonId === REASON_PRICE)).toMatchObject({ reviewed: 6, confirmed: 3, returned: 3 });
    expect(outcomes.byReviewer.some((r) => r.userId === FALLBACK)).toBe(false);
  });

  it("crosses the manager's reason with the head's on confirmed reviews", () => {
    expect(outcomes.reasonMatrix).toEqual([
      { managerReasonId: REASON_PRICE, headReasonId: REASON_COMPETITOR, count: 2 },
      { managerReasonId: REASON_PRICE, headReasonId: REASON_PRICE, count: 1 },
      { managerReasonId: REASON_NO_ANSWER, headReasonId: REASON_NO_ANSWER, count: 1 },
    ]);
  });

  it('has no return rate, rather than 0%, when nothing was reviewed', () => {
    const empty = computeRefusalOutcomes([buildPendingReview()], period);
    expect([empty.totals.returnRate, empty.deltaFromTarget, empty.totals.reviewed]).toEqual([null, null, 0]);
  });
});
