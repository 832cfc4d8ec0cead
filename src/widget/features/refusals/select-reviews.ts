/**
 * The workspace list, derived: filters and sorting run in the browser over the head's pending
 * reviews (one request, then every filter answers at once; a head's queue is hundreds, not
 * millions). Pure and unit-tested with plain arrays.
 */
import type { EpochMs, LossReasonId, PipelineId, UserId } from '../../../core/brand';
import { toEpochMs } from '../../../core/brand';
import type { ReviewSummary } from './api';

export interface ReviewFilters {
  managerId: UserId | null;
  /** `'none'` = lost without a reason. */
  reasonId: LossReasonId | 'none' | null;
  pipelineId: PipelineId | null;
  minValue: number | null;
  /** Only reviews whose loss is at least this many days old. */
  minAgeDays: number | null;
}

export const NO_FILTERS: ReviewFilters = { managerId: null, reasonId: null, pipelineId: null, minValue: null, minAgeDays: null };

export type ReviewSort = 'oldest' | 'newest' | 'value_desc' | 'value_asc' | 'due';
export const REVIEW_SORTS: readonly ReviewSort[] = ['oldest', 'newest', 'value_desc', 'value_asc', 'due'];

const DAY_MS = 86_400_000;

export const computeAgeDays = (item: ReviewSummary, now: EpochMs): number =>
  Math.max(0, Math.floor((now - toEpochMs(item.review.lostAt)) / DAY_MS));

export function matchesFilters(item: ReviewSummary, filters: ReviewFilters, now: EpochMs): boolean {
  const { review } = item;
  if (filters.managerId !== null && review.managerId !== filters.managerId) return false;
  if (filters.reasonId === 'none' && review.managerReasonId !== null) return false;
  if (typeof filters.reasonId === 'number' && review.managerReasonId !== filters.reasonId) return false;
  if (filters.pipelineId !== null && review.pipelineId !== filters.pipelineId) return false;
  if (filters.minValue !== null && review.value < filters.minValue) return false;
  if (filters.minAgeDays !== null && computeAgeDays(item, now) < filters.minAgeDays) return false;
  return true;
}

const COMPARE: Record<ReviewSort, (a: ReviewSummary, b: ReviewSummary) => number> = {
  oldest: (a, b) => a.review.lostAt - b.review.lostAt,
  newest: (a, b) => b.review.lostAt - a.review.lostAt,
  value_desc: (a, b) => b.review.value - a.review.value,
  value_asc: (a, b) => a.review.value - b.review.value,
  due: (a, b) => a.review.dueAt - b.review.dueAt,
};

export function selectVisibleReviews(
  items: readonly ReviewSummary[], filters: ReviewFilters, sort: ReviewSort, now: EpochMs,
): ReviewSummary[] {
  // Ties keep a stable order by lead id, so the list does not jump between renders.
  return items.filter((item) => matchesFilters(item, filters, now))
    .sort((a, b) => COMPARE[sort](a, b) || a.review.leadId - b.review.leadId);
}

export interface FilterOptions {
  managerIds: UserId[];
  reasonIds: Array<LossReasonId | 'none'>;
  pipelineIds: PipelineId[];
}

/** Only what occurs in the queue: a filter that can only ever show nothing is noise. */
export function deriveFilterOptions(items: readonly ReviewSummary[]): FilterOptions {
  const unique = <T>(values: T[]): T[] => [...new Set(values)];
  return {
    managerIds: unique(items.map((i) => i.review.managerId)),
    reasonIds: unique(items.map((i) => i.review.managerReasonId ?? ('none' as const))),
    pipelineIds: unique(items.map((i) => i.review.pipelineId)),
  };
}

export const countActiveFilters = (filters: ReviewFilters): number =>
  Object.values(filters).filter((value) => value !== null).length;
