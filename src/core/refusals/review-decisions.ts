/**
 * A head's decisions on a review: confirm the loss, or return the deal to work. Both are allowed
 * from pending and from the problem states a head can still decide (the reviewer left, the
 * manager gave no reason); every other state is refused with a typed error, never an exception.
 */
import type { LossReasonId, PipelineId, StatusId, TaskTypeId, UnixSeconds, UserId } from '../brand';
import type { ConfirmedLostReview, DecisionStamp, ReturnedToWorkReview, Review, UndecidedReview } from './review';
import { isUndecided, selectReviewSubject } from './review';
import type { ReviewAction, ReviewTransitionError } from './review-errors';
import type { Result } from './result';
import { fail, ok } from './result';
import type { RefusalCatalog } from './rule';
import { findUser, hasTaskType } from './rule';

type Outcome<T> = Result<T, ReviewTransitionError>;

export interface ConfirmInput extends DecisionStamp {
  correctedReasonId?: LossReasonId | null;
  comment?: string;
}

/** Only the stamp of an input goes into the stored decision. */
const stampOf = ({ decidedBy, decidedAt }: DecisionStamp): DecisionStamp => ({ decidedBy, decidedAt });

const refuse = (review: Review, action: ReviewAction): { ok: false; error: ReviewTransitionError } =>
  fail({ kind: 'invalid_transition', from: review.state, action });

export function confirmLoss(review: Review, input: ConfirmInput, catalog: RefusalCatalog): Outcome<ConfirmedLostReview> {
  if (!isUndecided(review)) return refuse(review, 'confirm');
  const given = input.correctedReasonId ?? null;
  if (given !== null && !catalog.reasons.some((r) => r.id === given)) {
    return fail({ kind: 'unknown_reason', reasonId: given });
  }
  if (given === null && review.managerReasonId === null) return fail({ kind: 'reason_required' });
  // Picking the manager's own reason again is not a correction; keeping it null keeps the
  // manager-vs-head matrix honest.
  const correctedReasonId = given === review.managerReasonId ? null : given;
  return ok({
    ...selectReviewSubject(review),
    state: 'confirmed',
    decision: { ...stampOf(input), correctedReasonId, comment: (input.comment ?? '').trim() },
  });
}

export interface ReturnInput extends DecisionStamp {
  /** Default: the stage it was lost from, in the deal's pipeline. */
  returnTo?: { pipelineId: PipelineId; statusId: StatusId };
  /** Default: the same manager. */
  responsibleUserId?: UserId;
  advice: string;
  managerTaskDueAt: UnixSeconds;
  managerTaskTypeId: TaskTypeId;
}

export function returnToWork(review: Review, input: ReturnInput, catalog: RefusalCatalog): Outcome<ReturnedToWorkReview> {
  if (!isUndecided(review)) return refuse(review, 'return');
  const advice = input.advice.trim();
  if (advice === '') return fail({ kind: 'advice_required' });
  const target = resolveReturnStage(review, input, catalog);
  if (!target.ok) return target;
  const responsibleUserId = input.responsibleUserId ?? review.managerId;
  if (findUser(catalog, responsibleUserId)?.isActive !== true) {
    return fail({ kind: 'user_unavailable', userId: responsibleUserId });
  }
  if (!hasTaskType(catalog, input.managerTaskTypeId)) {
    return fail({ kind: 'task_type_unavailable', taskTypeId: input.managerTaskTypeId });
  }
  if (input.managerTaskDueAt <= input.decidedAt) return fail({ kind: 'due_not_after_decision' });
  return ok({
    ...selectReviewSubject(review),
    state: 'returned',
    decision: {
      ...stampOf(input),
      returnTo: target.value,
      responsibleUserId,
      advice,
      managerTaskDueAt: input.managerTaskDueAt,
      managerTaskTypeId: input.managerTaskTypeId,
    },
  });
}

function resolveReturnStage(
  review: UndecidedReview, input: ReturnInput, catalog: RefusalCatalog,
): Outcome<{ pipelineId: PipelineId; statusId: StatusId }> {
  const wanted = input.returnTo
    ?? (review.lostFromStatusId === null ? null : { pipelineId: review.pipelineId, statusId: review.lostFromStatusId });
  if (wanted === null) return fail({ kind: 'stage_required' });
  const pipeline = catalog.pipelines.find((p) => p.id === wanted.pipelineId);
  const status = pipeline?.statuses.find((s) => s.id === wanted.statusId);
  if (pipeline === undefined || pipeline.isArchive || status?.kind !== 'open') {
    return fail({ kind: 'stage_unavailable', statusId: wanted.statusId });
  }
  return ok(wanted);
}
