/**
 * The side effects of a decision, as a plan the service runs step by step. Each step has an
 * idempotency key derived only from the account and the loss event (one review per loss event),
 * so re-deriving the plan on a retry yields the same keys and the service skips steps it has
 * already done. The keys also go to amoCRM as `request_id` where the API echoes one back.
 */
import type { Brand, LeadId, PipelineId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId } from '../brand';
import type { ConfirmedLostReview, DecidedReview, ReturnedToWorkReview, Review, ReviewSubject } from './review';
import { isDecided } from './review';

type IdempotencyKey = Brand<string, 'IdempotencyKey'>;

export type PlanStep =
  | { kind: 'move_deal'; key: IdempotencyKey; leadId: LeadId; pipelineId: PipelineId; statusId: StatusId; responsibleUserId: UserId }
  | { kind: 'add_note'; key: IdempotencyKey; leadId: LeadId; text: string }
  | {
    kind: 'create_manager_task'; key: IdempotencyKey; leadId: LeadId; responsibleUserId: UserId;
    taskTypeId: TaskTypeId; text: string; completeTill: UnixSeconds;
  }
  | { kind: 'complete_review_task'; key: IdempotencyKey; taskId: TaskId; resultText: string };

type PlanStepKind = PlanStep['kind'];

function deriveStepKey(subject: Pick<ReviewSubject, 'accountId' | 'lossEventKey'>, decision: 'return' | 'confirm', step: PlanStepKind): IdempotencyKey {
  return `refusal:${subject.accountId}:${subject.lossEventKey}:${decision}:${step}` as IdempotencyKey;
}

/** Localised by the caller: the core does not pick human-readable words. */
export interface PlanTexts { reviewTaskResult: string }

/**
 * Order matters: the deal is back in an open stage with its responsible before the note and the
 * task appear, and the head's task is completed last, so a plan that fails halfway still shows
 * the review as open in amoCRM.
 */
export function deriveReturnToWorkPlan(review: ReturnedToWorkReview, texts: PlanTexts): PlanStep[] {
  const { decision } = review;
  const key = (step: PlanStepKind): IdempotencyKey => deriveStepKey(review, 'return', step);
  const steps: PlanStep[] = [
    {
      kind: 'move_deal', key: key('move_deal'), leadId: review.leadId,
      pipelineId: decision.returnTo.pipelineId, statusId: decision.returnTo.statusId,
      responsibleUserId: decision.responsibleUserId,
    },
    { kind: 'add_note', key: key('add_note'), leadId: review.leadId, text: decision.advice },
    {
      kind: 'create_manager_task', key: key('create_manager_task'), leadId: review.leadId,
      responsibleUserId: decision.responsibleUserId, taskTypeId: decision.managerTaskTypeId,
      text: decision.advice, completeTill: decision.managerTaskDueAt,
    },
  ];
  return [...steps, ...completeReviewTaskStep(review, 'return', texts)];
}

/** Confirming changes nothing on the deal (the head's reason is ours, the manager's stays in amoCRM). */
export function deriveConfirmLossPlan(review: ConfirmedLostReview, texts: PlanTexts): PlanStep[] {
  const comment = review.decision.comment;
  const note: PlanStep[] = comment === ''
    ? []
    : [{ kind: 'add_note', key: deriveStepKey(review, 'confirm', 'add_note'), leadId: review.leadId, text: comment }];
  return [...note, ...completeReviewTaskStep(review, 'confirm', texts)];
}

/** The words a review task is completed with, by decision; localised by the caller. */
export interface ReviewTaskResultTexts { confirmed: string; returned: string }

/** A confirming head's own comment says more than the default words; a return's advice goes to the manager, not here. */
export function deriveReviewTaskResult(review: DecidedReview, texts: ReviewTaskResultTexts): string {
  if (review.state === 'confirmed') return review.decision.comment === '' ? texts.confirmed : review.decision.comment;
  return texts.returned;
}

/**
 * The completion of a decided review's task when its plan could not include it: the head decided
 * before the collector recorded the task (the create was on its way, or amoCRM refused it and it
 * was retried). Same key as the plan's own `complete_review_task` step, so the plan and this late
 * completion find each other in the ledger and the task is completed once. Null: not decided (an
 * open review keeps its task open, a deleted deal's task went with the deal), or no task yet.
 */
export function deriveLateReviewTaskCompletion(review: Review, texts: ReviewTaskResultTexts): PlanStep | null {
  if (!isDecided(review)) return null;
  const decision = review.state === 'confirmed' ? 'confirm' : 'return';
  return completeReviewTaskStep(review, decision, { reviewTaskResult: deriveReviewTaskResult(review, texts) })[0] ?? null;
}

/**
 * How long after its decision (seconds) the collector still looks for a late completion that never
 * ran (it failed, or the process died after recording the task). Unfinished means: the step's key
 * is not in the effects ledger — so the window stays inside the ledger's retention (at least one
 * day, RETENTION_EFFECTS_DAYS): the key is written after the decision and pruned no sooner than a
 * retention window later, and a review whose key was pruned must not look unfinished.
 */
export const LATE_COMPLETION_RETRY_SECONDS = 86_400;

function completeReviewTaskStep(review: ReviewSubject, decision: 'return' | 'confirm', texts: PlanTexts): PlanStep[] {
  // No task id: the task was never created, or is not recorded yet (deriveLateReviewTaskCompletion completes it then).
  if (review.reviewTaskId === null) return [];
  return [{
    kind: 'complete_review_task', key: deriveStepKey(review, decision, 'complete_review_task'),
    taskId: review.reviewTaskId, resultText: texts.reviewTaskResult,
  }];
}
