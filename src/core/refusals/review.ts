/**
 * A review of one loss event, as a tagged union of its states:
 *
 *   pending ─┬─> confirmed                      (final)
 *            └─> returned ─┬─> recovered (won)  (final)
 *                          └─> lost_again       (final)
 *
 * plus problem states heads must see: reviewer_inactive and reason_missing (both can still be
 * decided) and deal_deleted (final). A head's decisions live in ./review-decisions.ts, everything
 * else that moves a review (won, lost again, deleted) in ./review-lifecycle.ts.
 */
import type {
  AccountId, Brand, LeadId, LossReasonId, PipelineId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId,
} from '../brand';
import type { LossEventKey } from './loss-event';
import type { RefusalRuleId } from './rule';

export type ReviewId = Brand<string, 'ReviewId'>;

/** What was true when the deal was lost; never changes afterwards. */
export interface ReviewSubject {
  id: ReviewId;
  accountId: AccountId;
  leadId: LeadId;
  lossEventKey: LossEventKey;
  ruleId: RefusalRuleId;
  managerId: UserId;
  /** The manager's stated reason; null when the deal was lost without one. */
  managerReasonId: LossReasonId | null;
  value: number;
  pipelineId: PipelineId;
  lostFromStatusId: StatusId | null;
  lostAt: UnixSeconds;
  createdAt: UnixSeconds;
  reviewerId: UserId;
  /** The review task in amoCRM; null until the service has created it. */
  reviewTaskId: TaskId | null;
  dueAt: UnixSeconds;
}

/** Who decided a review and when: every decision carries it, and every decision's input. */
export interface DecisionStamp {
  decidedBy: UserId;
  decidedAt: UnixSeconds;
}

interface ConfirmDecision extends DecisionStamp {
  /** The head's reason when the manager's was wrong; null = the manager's reason stands. */
  correctedReasonId: LossReasonId | null;
  comment: string;
}

interface ReturnDecision extends DecisionStamp {
  returnTo: { pipelineId: PipelineId; statusId: StatusId };
  responsibleUserId: UserId;
  advice: string;
  managerTaskDueAt: UnixSeconds;
  managerTaskTypeId: TaskTypeId;
}

export type PendingReview = ReviewSubject & { state: 'pending' };
type ReviewerInactiveReview = ReviewSubject & { state: 'reviewer_inactive'; since: UnixSeconds };
export type ReasonMissingReview = ReviewSubject & { state: 'reason_missing'; since: UnixSeconds };
export type ConfirmedLostReview = ReviewSubject & { state: 'confirmed'; decision: ConfirmDecision };
export type ReturnedToWorkReview = ReviewSubject & { state: 'returned'; decision: ReturnDecision };
export type RecoveredReview = ReviewSubject & {
  state: 'recovered'; decision: ReturnDecision; wonAt: UnixSeconds; wonValue: number;
};
export type LostAgainReview = ReviewSubject & {
  state: 'lost_again'; decision: ReturnDecision; lostAgainAt: UnixSeconds; lostAgainReasonId: LossReasonId | null;
};
export type DealDeletedReview = ReviewSubject & {
  state: 'deal_deleted'; since: UnixSeconds; previousState: Exclude<ReviewState, 'deal_deleted'>;
};

export type Review =
  | PendingReview | ReviewerInactiveReview | ReasonMissingReview
  | ConfirmedLostReview | ReturnedToWorkReview | RecoveredReview | LostAgainReview | DealDeletedReview;

export type ReviewState = Review['state'];

/** Waiting for a head's decision (including the problem states a head can still decide). */
export type UndecidedReview = PendingReview | ReviewerInactiveReview | ReasonMissingReview;
/** Decided by a head. */
export type DecidedReview = ConfirmedLostReview | ReturnedToWorkReview | RecoveredReview | LostAgainReview;
/** Returned at some point, whatever came of it. */
export type ReturnedAtSomePoint = ReturnedToWorkReview | RecoveredReview | LostAgainReview;

/** The loss-time facts of any review, without its state-specific fields. */
export function selectReviewSubject(review: Review): ReviewSubject {
  const {
    id, accountId, leadId, lossEventKey, ruleId, managerId, managerReasonId, value, pipelineId,
    lostFromStatusId, lostAt, createdAt, reviewerId, reviewTaskId, dueAt,
  } = review;
  return {
    id, accountId, leadId, lossEventKey, ruleId, managerId, managerReasonId, value, pipelineId,
    lostFromStatusId, lostAt, createdAt, reviewerId, reviewTaskId, dueAt,
  };
}

/** The states still waiting for a head's decision (the review list's "undecided" filter). */
export const UNDECIDED_STATES: readonly ReviewState[] = ['pending', 'reviewer_inactive', 'reason_missing'];
/** The states that need someone's attention (the review list's "problems" filter). */
export const PROBLEM_STATES: readonly ReviewState[] = ['reviewer_inactive', 'reason_missing', 'deal_deleted'];

export const isUndecided = (r: Review): r is UndecidedReview =>
  r.state === 'pending' || r.state === 'reviewer_inactive' || r.state === 'reason_missing';

export const isDecided = (r: Review): r is DecidedReview =>
  r.state === 'confirmed' || isReturnedAtSomePoint(r);

export const isReturnedAtSomePoint = (r: Review): r is ReturnedAtSomePoint =>
  r.state === 'returned' || r.state === 'recovered' || r.state === 'lost_again';

export const hasProblem = (r: Review): boolean => PROBLEM_STATES.includes(r.state);

export const isFinal = (r: Review): boolean =>
  r.state === 'confirmed' || r.state === 'recovered' || r.state === 'lost_again' || r.state === 'deal_deleted';
