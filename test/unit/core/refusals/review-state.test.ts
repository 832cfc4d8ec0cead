import { describe, expect, it } from 'vitest';
import type { LossReasonId, StatusId, TaskTypeId, UserId } from '../../../../src/core/brand';
import { STATUS_WON } from '../../../../src/core/brand';
import type { Review, ReturnedToWorkReview } from '../../../../src/core/refusals/review';
import { confirmLoss, returnToWork } from '../../../../src/core/refusals/review-decisions';
import type { ReturnInput } from '../../../../src/core/refusals/review-decisions';
import {
  markDealDeleted, markLostAgain, markWon, openReview,
} from '../../../../src/core/refusals/review-lifecycle';
import {
  FALLBACK, HEAD_SALES, MANAGER, OTHER_MANAGER, PIPELINE, REASON_COMPETITOR, REASON_PRICE, STAGE_CLOSING,
  STAGE_PROPOSAL, TASK_TYPE_CALL, at, buildCatalog, buildPendingReview, buildReviewSubject,
} from '../../../support/refusals';

const catalog = buildCatalog();
const returnInput: ReturnInput = {
  decidedBy: HEAD_SALES, decidedAt: at(1_761_100_000), advice: '  Call the buyer, offer 5% off  ',
  managerTaskDueAt: at(1_761_200_000), managerTaskTypeId: TASK_TYPE_CALL,
};

function returned(): ReturnedToWorkReview {
  const result = returnToWork(buildPendingReview(), returnInput, catalog);
  if (!result.ok) throw new Error(`setup failed: ${result.error.kind}`);
  return result.value;
}

describe('opening a review', () => {
  it('starts pending when the manager gave a reason, and as "reason missing" otherwise', () => {
    expect(openReview(buildReviewSubject()).state).toBe('pending');
    expect(openReview(buildReviewSubject({ managerReasonId: null }))).toMatchObject({ state: 'reason_missing', since: 1_761_000_010 });
  });
});

describe('confirm lost', () => {
  it('records the head, the time, a trimmed comment and the corrected reason', () => {
    const result = confirmLoss(buildPendingReview(), {
      decidedBy: HEAD_SALES, decidedAt: at(1_761_050_000), correctedReasonId: REASON_COMPETITOR, comment: ' wrong reason ',
    }, catalog);
    expect(result).toMatchObject({
      ok: true,
      value: { state: 'confirmed', decision: { decidedBy: HEAD_SALES, correctedReasonId: REASON_COMPETITOR, comment: 'wrong reason' } },
    });
  });

  it("does not count choosing the manager's own reason as a correction", () => {
    const result = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(1), correctedReasonId: REASON_PRICE }, catalog);
    expect(result.ok && result.value.decision.correctedReasonId).toBeNull();
  });

  it('refuses a reason that does not exist', () => {
    const result = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(1), correctedReasonId: 99 as LossReasonId }, catalog);
    expect(result).toEqual({ ok: false, error: { kind: 'unknown_reason', reasonId: 99 } });
  });

  it("needs the head's reason when the manager gave none", () => {
    const review = openReview(buildReviewSubject({ managerReasonId: null }));
    expect(confirmLoss(review, { decidedBy: HEAD_SALES, decidedAt: at(1) }, catalog)).toEqual({ ok: false, error: { kind: 'reason_required' } });
    const fixed = confirmLoss(review, { decidedBy: HEAD_SALES, decidedAt: at(1), correctedReasonId: REASON_PRICE }, catalog);
    expect(fixed.ok && fixed.value).toMatchObject({ state: 'confirmed', decision: { correctedReasonId: REASON_PRICE } });
    expect(fixed.ok && 'since' in fixed.value).toBe(false);
  });
});

describe('return to work', () => {
  it('defaults to the stage it was lost from and the same manager', () => {
    expect(returned()).toMatchObject({
      state: 'returned',
      decision: { returnTo: { pipelineId: PIPELINE, statusId: STAGE_PROPOSAL }, responsibleUserId: MANAGER, advice: 'Call the buyer, offer 5% off' },
    });
  });

  it('takes another stage and another responsible when the head picks them', () => {
    const result = returnToWork(buildPendingReview(), {
      ...returnInput, returnTo: { pipelineId: PIPELINE, statusId: STAGE_CLOSING }, responsibleUserId: OTHER_MANAGER,
    }, catalog);
    expect(result.ok && result.value.decision).toMatchObject({ returnTo: { statusId: STAGE_CLOSING }, responsibleUserId: OTHER_MANAGER });
  });

  it('requires advice', () => {
    expect(returnToWork(buildPendingReview(), { ...returnInput, advice: '   ' }, catalog)).toEqual({ ok: false, error: { kind: 'advice_required' } });
  });

  it('asks for a stage when the stage it was lost from is unknown', () => {
    expect(returnToWork(buildPendingReview({ lostFromStatusId: null }), returnInput, catalog))
      .toEqual({ ok: false, error: { kind: 'stage_required' } });
  });

  it('refuses a removed stage, the won stage, an inactive user, a removed task type and a due time in the past', () => {
    const cases: Array<[Partial<ReturnInput>, string]> = [
      [{ returnTo: { pipelineId: PIPELINE, statusId: 4040 as StatusId } }, 'stage_unavailable'],
      [{ returnTo: { pipelineId: PIPELINE, statusId: STATUS_WON } }, 'stage_unavailable'],
      [{ responsibleUserId: 4444 as UserId }, 'user_unavailable'],
      [{ managerTaskTypeId: 777 as TaskTypeId }, 'task_type_unavailable'],
      [{ managerTaskDueAt: returnInput.decidedAt }, 'due_not_after_decision'],
    ];
    for (const [override, kind] of cases) {
      const result = returnToWork(buildPendingReview(), { ...returnInput, ...override }, catalog);
      expect(result.ok ? 'ok' : result.error.kind).toBe(kind);
    }
  });
});

describe('after a return', () => {
  it('becomes recovered with the value at which the deal was won', () => {
    expect(markWon(returned(), at(1_762_000_000), 64_000)).toMatchObject({ ok: true, value: { state: 'recovered', wonValue: 64_000 } });
  });

  it('becomes lost again with the new reason', () => {
    expect(markLostAgain(returned(), at(1_762_000_000), REASON_COMPETITOR))
      .toMatchObject({ ok: true, value: { state: 'lost_again', lostAgainReasonId: REASON_COMPETITOR } });
  });
});

describe('problem states', () => {
  it('lets a head still decide a review whose reviewer left', () => {
    const flagged: Review = { ...buildReviewSubject(), state: 'reviewer_inactive', since: at(5) };
    const decided = confirmLoss(flagged, { decidedBy: FALLBACK, decidedAt: at(6) }, catalog);
    expect(decided.ok && decided.value.state).toBe('confirmed');
  });

  it('marks a review deleted with the deal and remembers where it was', () => {
    expect(markDealDeleted(returned(), at(9))).toMatchObject({ ok: true, value: { state: 'deal_deleted', previousState: 'returned' } });
  });
});

describe('invalid transitions', () => {
  const confirmed = confirmLoss(buildPendingReview(), { decidedBy: HEAD_SALES, decidedAt: at(1) }, catalog);
  const reviews: Record<string, Review> = {
    pending: buildPendingReview(),
    returned: returned(),
    confirmed: confirmed.ok ? confirmed.value : buildPendingReview(),
  };

  it.each([
    ['confirmed', 'confirm', (r: Review) => confirmLoss(r, { decidedBy: HEAD_SALES, decidedAt: at(2) }, catalog)],
    ['returned', 'confirm', (r: Review) => confirmLoss(r, { decidedBy: HEAD_SALES, decidedAt: at(2) }, catalog)],
    ['confirmed', 'return', (r: Review) => returnToWork(r, returnInput, catalog)],
    ['returned', 'return', (r: Review) => returnToWork(r, returnInput, catalog)],
    ['pending', 'mark_won', (r: Review) => markWon(r, at(2), 1)],
    ['confirmed', 'mark_lost_again', (r: Review) => markLostAgain(r, at(2), null)],
    ['confirmed', 'mark_deal_deleted', (r: Review) => markDealDeleted(r, at(2))],
  ] as const)('refuses to %s → %s', (from, action, transition) => {
    expect(transition(reviews[from] ?? buildPendingReview())).toEqual({ ok: false, error: { kind: 'invalid_transition', from, action } });
  });

  it('cannot mark a deleted deal deleted twice', () => {
    const deleted = markDealDeleted(buildPendingReview(), at(3));
    expect(deleted.ok && markDealDeleted(deleted.value, at(4))).toMatchObject({ ok: false, error: { from: 'deal_deleted' } });
  });
});
