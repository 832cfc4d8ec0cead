import { describe, expect, it } from 'vitest';
import type { LossEventKey } from '../../../../src/core/refusals/loss-event';
import type { ReturnedToWorkReview } from '../../../../src/core/refusals/review';
import { confirmLoss, returnToWork } from '../../../../src/core/refusals/review-decisions';
import { deriveConfirmLossPlan, deriveReturnToWorkPlan } from '../../../../src/core/refusals/return-plan';
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
