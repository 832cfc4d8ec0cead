/**
 * What happens to a review outside a head's decision: it is opened for a loss event, the deal
 * it is about is won, lost again or deleted, the reviewer leaves, the manager fills in a missing
 * reason. The service calls these from webhooks and jobs; an invalid transition comes back as a
 * typed error so a late or repeated webhook is recognised instead of corrupting the state.
 */
import type { LossReasonId, UnixSeconds, UserId } from '../brand';
import type {
  DealDeletedReview, LostAgainReview, PendingReview, ReasonMissingReview, RecoveredReview, Review,
  ReviewerInactiveReview, ReviewSubject,
} from './review';
import { isFinal, selectReviewSubject } from './review';
import type { ReviewAction, ReviewTransitionError } from './review-errors';
import type { Result } from './result';
import { fail, ok } from './result';

type Outcome<T> = Result<T, ReviewTransitionError>;

const refuse = (review: Review, action: ReviewAction): { ok: false; error: ReviewTransitionError } =>
  fail({ kind: 'invalid_transition', from: review.state, action });

/** A loss without the manager's reason starts as a visible problem rather than a plain pending review. */
export function openReview(subject: ReviewSubject): PendingReview | ReasonMissingReview {
  return subject.managerReasonId === null
    ? { ...subject, state: 'reason_missing', since: subject.createdAt }
    : { ...subject, state: 'pending' };
}

export function markWon(review: Review, at: UnixSeconds, wonValue: number): Outcome<RecoveredReview> {
  if (review.state !== 'returned') return refuse(review, 'mark_won');
  return ok({ ...selectReviewSubject(review), state: 'recovered', decision: review.decision, wonAt: at, wonValue });
}

export function markLostAgain(review: Review, at: UnixSeconds, reasonId: LossReasonId | null): Outcome<LostAgainReview> {
  if (review.state !== 'returned') return refuse(review, 'mark_lost_again');
  return ok({
    ...selectReviewSubject(review), state: 'lost_again', decision: review.decision, lostAgainAt: at, lostAgainReasonId: reasonId,
  });
}

/** Final states keep their outcome: deleting a deal long after it was won does not erase the win. */
export function markDealDeleted(review: Review, at: UnixSeconds): Outcome<DealDeletedReview> {
  if (review.state === 'deal_deleted' || isFinal(review)) return refuse(review, 'mark_deal_deleted');
  return ok({ ...selectReviewSubject(review), state: 'deal_deleted', since: at, previousState: review.state });
}

export function markReviewerInactive(review: Review, at: UnixSeconds): Outcome<ReviewerInactiveReview> {
  if (review.state !== 'pending') return refuse(review, 'mark_reviewer_inactive');
  return ok({ ...selectReviewSubject(review), state: 'reviewer_inactive', since: at });
}

/** A new reviewer takes over; the review task keeps its id (the service re-assigns it in amoCRM). */
export function reassignReviewer(review: Review, reviewerId: UserId): Outcome<PendingReview | ReasonMissingReview> {
  if (review.state === 'pending') return ok({ ...selectReviewSubject(review), state: 'pending', reviewerId });
  if (review.state === 'reviewer_inactive') return ok(openReview({ ...selectReviewSubject(review), reviewerId }));
  if (review.state === 'reason_missing') return ok({ ...selectReviewSubject(review), state: 'reason_missing', since: review.since, reviewerId });
  return refuse(review, 'reassign_reviewer');
}

export function recordManagerReason(review: Review, reasonId: LossReasonId): Outcome<PendingReview> {
  if (review.state !== 'reason_missing') return refuse(review, 'record_manager_reason');
  return ok({ ...selectReviewSubject(review), state: 'pending', managerReasonId: reasonId });
}
