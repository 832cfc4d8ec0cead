/**
 * Refusal-control outcomes for a period (PRODUCT.md "Outcome"): how many losses were reviewed,
 * confirmed and returned, the return rate against a target, and what returns brought back.
 *
 * Counting rules (each is a choice, written down so the numbers can be explained):
 * - a review counts in the period when the head DECIDED it in the period (not when the deal was lost);
 * - returned = returned at some point: still in work, recovered or lost again;
 * - recovered value = the deal's price when won (it often changes after a return), not at loss;
 * - return rate = returned / reviewed; null when nothing was reviewed (not 0%, which would read as a fact);
 * - the reason matrix covers confirmed reviews only: a returned deal has no head reason.
 */
import type { LossReasonId, UnixSeconds, UserId } from '../brand';
import type { DecidedReview, Review } from './review';
import { hasProblem, isDecided, isReturnedAtSomePoint, isUndecided } from './review';

const DEFAULT_RETURN_RATE_TARGET = 0.1;

export interface OutcomeCounts {
  reviewed: number;
  confirmed: number;
  returned: number;
  recovered: number;
  lostAgain: number;
  /** Returned and neither won nor lost again yet. */
  inWork: number;
  recoveredValue: number;
  returnRate: number | null;
}

/** `null` key = deals lost without a reason. */
interface ReasonRow extends OutcomeCounts { reasonId: LossReasonId | null }
interface UserRow extends OutcomeCounts { userId: UserId }

export interface ReasonMatrixCell { managerReasonId: LossReasonId | null; headReasonId: LossReasonId | null; count: number }

export interface RefusalOutcomes {
  totals: OutcomeCounts;
  target: number;
  /** returnRate − target, in rate points; null when nothing was reviewed. */
  deltaFromTarget: number | null;
  /** Open work right now, whatever the period: heads need to see the queue and its problems. */
  pending: number;
  withProblems: number;
  byReason: ReasonRow[];
  byManager: UserRow[];
  byReviewer: UserRow[];
  reasonMatrix: ReasonMatrixCell[];
}

export interface OutcomePeriod { from: UnixSeconds; to: UnixSeconds }

function isDecidedIn(review: Review, period: OutcomePeriod): review is DecidedReview {
  return isDecided(review) && review.decision.decidedAt >= period.from && review.decision.decidedAt < period.to;
}

function computeOutcomeCounts(reviews: readonly DecidedReview[]): OutcomeCounts {
  const counts: OutcomeCounts = {
    reviewed: reviews.length, confirmed: 0, returned: 0, recovered: 0, lostAgain: 0, inWork: 0, recoveredValue: 0, returnRate: null,
  };
  for (const review of reviews) {
    if (review.state === 'confirmed') counts.confirmed += 1;
    if (isReturnedAtSomePoint(review)) counts.returned += 1;
    if (review.state === 'returned') counts.inWork += 1;
    if (review.state === 'lost_again') counts.lostAgain += 1;
    if (review.state === 'recovered') {
      counts.recovered += 1;
      counts.recoveredValue += review.wonValue;
    }
  }
  counts.returnRate = counts.reviewed === 0 ? null : counts.returned / counts.reviewed;
  return counts;
}

function groupBy<K>(reviews: readonly DecidedReview[], keyOf: (r: DecidedReview) => K): Map<K, DecidedReview[]> {
  const groups = new Map<K, DecidedReview[]>();
  for (const review of reviews) {
    const key = keyOf(review);
    groups.set(key, [...(groups.get(key) ?? []), review]);
  }
  return groups;
}

const byReviewedDesc = (a: OutcomeCounts, b: OutcomeCounts): number => b.reviewed - a.reviewed;

function computeReasonMatrix(reviews: readonly DecidedReview[]): ReasonMatrixCell[] {
  const cells = new Map<string, ReasonMatrixCell>();
  for (const review of reviews) {
    if (review.state !== 'confirmed') continue;
    const headReasonId = review.decision.correctedReasonId ?? review.managerReasonId;
    const key = `${review.managerReasonId ?? ''}|${headReasonId ?? ''}`;
    const cell = cells.get(key) ?? { managerReasonId: review.managerReasonId, headReasonId, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => b.count - a.count);
}

export function computeRefusalOutcomes(
  reviews: readonly Review[], period: OutcomePeriod, target: number = DEFAULT_RETURN_RATE_TARGET,
): RefusalOutcomes {
  const decided = reviews.filter((r): r is DecidedReview => isDecidedIn(r, period));
  const totals = computeOutcomeCounts(decided);
  const rows = <K, R>(keyOf: (r: DecidedReview) => K, toRow: (key: K, counts: OutcomeCounts) => R & OutcomeCounts): R[] =>
    [...groupBy(decided, keyOf)].map(([key, group]) => toRow(key, computeOutcomeCounts(group))).sort(byReviewedDesc);
  return {
    totals,
    target,
    deltaFromTarget: totals.returnRate === null ? null : totals.returnRate - target,
    pending: reviews.filter(isUndecided).length,
    withProblems: reviews.filter(hasProblem).length,
    byReason: rows((r) => r.managerReasonId, (reasonId, c) => ({ reasonId, ...c })),
    byManager: rows((r) => r.managerId, (userId, c) => ({ userId, ...c })),
    byReviewer: rows((r) => r.decision.decidedBy, (userId, c) => ({ userId, ...c })),
    reasonMatrix: computeReasonMatrix(decided),
  };
}
