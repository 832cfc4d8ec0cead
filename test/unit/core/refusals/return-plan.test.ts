import { describe, expect, it } from 'vitest';
import type { LossEventKey } from '../../../../src/core/refusals/loss-event';
import type { ReturnedToWorkReview } from '../../../../src/core/refusals/review';
import { confirmLoss, returnToWork } from '../../../../src/core/refusals/review-decisions';
import { markDealDeleted, markWon } from '../../../../src/core/refusals/review-lifecycle';
import {
  deriveConfirmLossPlan, deriveLateReviewTaskCompletion, deriveReturnToWorkPlan,
} from '../../../../src/core/refusals/return-plan';
import { HEAD_SALES, MANAGER, PIPELINE, STAGE_PROPOSAL, TASK_TYPE_CALL, at, buildCatalog, buildPendingReview } from '../../../support/refusals';

const catalog = buildCatalog();
const texts = { reviewTaskResult: 'Returned to work' };
const input = {
  decidedBy: HEAD_SALES, decidedAt: at(1_761_100_000), advice: 'Offer the 12-month plan',
  managerTaskDueAt: at(1_761_200_000), managerTaskTypeId: TASK_TYPE_CALL,
};

function returnedReview(overrides: Parameters<typeof buildPendingReview>[0] = {}): ReturnedToWorkReview {
  const result = returnToWork(buildPendingReview(overrides), input, catalog);
  if (!result.ok) throw new Error(result.error.kind);
  return result.value;
}

describe('deriveReturnToWorkPlan', () => {
  it('moves the deal, adds the advice, creates the manager task and completes the review task, in that order', () => {
    const plan = deriveReturnToWorkPlan(returnedReview(), texts);
    expect(plan).toEqual([
      expect.objectContaining({ kind: 'move_deal', leadId: 101, pipelineId: PIPELINE, statusId: STAGE_PROPOSAL, responsibleUserId: MANAGER }),
      expect.objectContaining({ kind: 'add_note', leadId: 101, text: 'Offer the 12-month plan' }),
      expect.objectContaining({
        kind: 'create_manager_task', responsibleUserId: MANAGER, taskTypeId: TASK_TYPE_CALL, completeTill: 1_761_200_000,
      }),
      expect.objectContaining({ kind: 'complete_review_task', taskId: 9001, resultText: 'Returned to work' }),
    ]);
  });

  it('derives the same keys when the plan is derived again on a retry', () => {
    const first = deriveReturnToWorkPlan(returnedReview(), texts).map((s) => s.key);
    const retry = deriveReturnToWorkPlan(returnedReview(), { reviewTaskResult: 'other words' }).map((s) => s.key);
    expect(retry).toEqual(first);
  });

  it('gives every step its own key, and a new loss event new keys', () => {
    const keys = deriveReturnToWorkPlan(returnedReview(), texts).map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const later = deriveReturnToWorkPlan(returnedReview({ lossEventKey: 'lead:101:closed:1770000000' as LossEventKey }), texts);
    expect(later.map((s) => s.key).filter((k) => keys.includes(k))).toEqual([]);
  });

  it('skips completing a review task that was never created', () => {
    const plan = deriveReturnToWorkPlan(returnedReview({ reviewTaskId: null }), texts);
    expect(plan.map((s) => s.kind)).toEqual(['move_deal', 'add_note', 'create_manager_task']);
  });
});

describe('deriveConfirmLossPlan', () => {
  it("adds the head's comment as a note and completes the review task, with keys apart from a return's", () => {
    const confirmed = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(5), comment: 'Price was real' }, catalog);
    if (!confirmed.ok) throw new Error(confirmed.error.kind);
    const plan = deriveConfirmLossPlan(confirmed.value, texts);
    expect(plan.map((s) => s.kind)).toEqual(['add_note', 'complete_review_task']);
    const returnKeys = deriveReturnToWorkPlan(returnedReview(), texts).map((s) => s.key);
    expect(plan.some((s) => returnKeys.includes(s.key))).toBe(false);
  });

  it('adds no note without a comment', () => {
    const confirmed = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(5) }, catalog);
    if (!confirmed.ok) throw new Error(confirmed.error.kind);
    expect(deriveConfirmLossPlan(confirmed.value, texts).map((s) => s.kind)).toEqual(['complete_review_task']);
  });
});

describe('deriveLateReviewTaskCompletion', () => {
  const results = { confirmed: 'Confirmed', returned: 'Returned to work' };
  const confirmedReview = (comment?: string) => {
    const confirmed = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(5), ...(comment === undefined ? {} : { comment }) }, catalog);
    if (!confirmed.ok) throw new Error(confirmed.error.kind);
    return confirmed.value;
  };
  const completeStepOf = (plan: ReturnType<typeof deriveReturnToWorkPlan>) => plan.find((s) => s.kind === 'complete_review_task');

  it("completes the task under the key the decision's plan would have used, so only one of them completes it", () => {
    const returned = returnedReview();
    expect(deriveLateReviewTaskCompletion(returned, results)).toEqual(completeStepOf(deriveReturnToWorkPlan(returned, { reviewTaskResult: 'Returned to work' })));
    const confirmed = confirmedReview();
    expect(deriveLateReviewTaskCompletion(confirmed, results)).toEqual(completeStepOf(deriveConfirmLossPlan(confirmed, { reviewTaskResult: 'Confirmed' })));
  });

  it("completes a confirmed review's task with the head's comment when there is one", () => {
    expect(deriveLateReviewTaskCompletion(confirmedReview('Price was real'), results)).toMatchObject({ resultText: 'Price was real' });
    expect(deriveLateReviewTaskCompletion(confirmedReview(), results)).toMatchObject({ resultText: 'Confirmed' });
  });

  it('completes the task of a returned deal that was won meanwhile as a return', () => {
    const won = markWon(returnedReview(), at(1_762_000_000), 64_000);
    if (!won.ok) throw new Error(won.error.kind);
    expect(deriveLateReviewTaskCompletion(won.value, results)).toMatchObject({ resultText: 'Returned to work', taskId: 9001 });
  });

  it('leaves alone an undecided review, a deleted deal and a decided review without a task', () => {
    expect(deriveLateReviewTaskCompletion(buildPendingReview(), results)).toBeNull();
    const deleted = markDealDeleted(returnedReview(), at(9));
    if (!deleted.ok) throw new Error(deleted.error.kind);
    expect(deriveLateReviewTaskCompletion(deleted.value, results)).toBeNull();
    expect(deriveLateReviewTaskCompletion(returnedReview({ reviewTaskId: null }), results)).toBeNull();
  });
});
