/**
 * What happens to a review outside a head's decision: it is opened for a loss event, the deal
 * it is about is won, lost again or deleted. The service calls these from webhooks and jobs; an invalid transition comes back as a
 * typed error so a late or repeated webhook is recognised instead of corrupting the state.
 */
import type { LossReasonId, UnixSeconds } from '../brand';
import type {
  DealDeletedReview, LostAgainReview, PendingReview, ReasonMissingReview, RecoveredReview, Review, ReviewSubject,
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
