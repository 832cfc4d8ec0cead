/**
 * The workspace list, derived: filters and sorting run in the browser over the head's pending
 * reviews (one request, then every filter answers at once; a head's queue is hundreds, not
 * millions). Pure and unit-tested with plain arrays.
 */
import type { EpochMs, LossReasonId, PipelineId, UnixSeconds, UserId } from '../../../core/brand';
import { toEpochMs } from '../../../core/brand';
import type { ReviewListItem } from './api';

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

export const computeAgeDays = (item: ReviewListItem, now: EpochMs): number =>
  Math.max(0, Math.floor((now - toEpochMs(item.lostAt as UnixSeconds)) / DAY_MS));

function matchesFilters(item: ReviewListItem, filters: ReviewFilters, now: EpochMs): boolean {
  if (filters.managerId !== null && item.managerId !== filters.managerId) return false;
  if (filters.reasonId === 'none' && item.managerReasonId !== null) return false;
  if (typeof filters.reasonId === 'number' && item.managerReasonId !== filters.reasonId) return false;
  if (filters.pipelineId !== null && item.pipelineId !== filters.pipelineId) return false;
  if (filters.minValue !== null && item.value < filters.minValue) return false;
  if (filters.minAgeDays !== null && computeAgeDays(item, now) < filters.minAgeDays) return false;
  return true;
}

const COMPARE: Record<ReviewSort, (a: ReviewListItem, b: ReviewListItem) => number> = {
  oldest: (a, b) => a.lostAt - b.lostAt,
  newest: (a, b) => b.lostAt - a.lostAt,
  value_desc: (a, b) => b.value - a.value,
  value_asc: (a, b) => a.value - b.value,
  due: (a, b) => a.dueAt - b.dueAt,
};

export function selectVisibleReviews(
  items: readonly ReviewListItem[], filters: ReviewFilters, sort: ReviewSort, now: EpochMs,
): ReviewListItem[] {
  // Ties keep a stable order by lead id, so the list does not jump between renders.
  return items.filter((item) => matchesFilters(item, filters, now))
    .sort((a, b) => COMPARE[sort](a, b) || a.leadId - b.leadId);
}

export interface FilterOptions {
  managerIds: UserId[];
  reasonIds: Array<LossReasonId | 'none'>;
  pipelineIds: PipelineId[];
}

/** Only what occurs in the queue: a filter that can only ever show nothing is noise. */
export function deriveFilterOptions(items: readonly ReviewListItem[]): FilterOptions {
  const unique = <T>(values: T[]): T[] => [...new Set(values)];
  // Wire ids are plain numbers; the brands go on here, where they enter the widget's model.
  return {
    managerIds: unique(items.map((i) => i.managerId as UserId)),
    reasonIds: unique(items.map((i) => (i.managerReasonId ?? 'none') as LossReasonId | 'none')),
    pipelineIds: unique(items.map((i) => i.pipelineId as PipelineId)),
  };
}
