/**
 * Shapes of the refusal-control API (/api/v1/refusals/…), shared with the widget. Types only:
 * the widget imports this file with `import type`, so nothing here reaches the bundle.
 */
import type { UnixSeconds } from '../core/brand';
import type { StageVisit } from '../core/analytics/stage-path';
import type { RefusalOutcomes, Review, ReviewState, RuleIssue } from '../core/refusals';

export interface ReviewListItem {
  id: string;
  leadId: number;
  leadName: string;
  state: ReviewState;
  managerId: number;
  managerReasonId: number | null;
  value: number;
  pipelineId: number;
  lostFromStatusId: number | null;
  /** Unix seconds. */
  lostAt: number;
  ageDays: number;
  reviewerId: number;
  reviewTaskId: number | null;
  dueAt: number;
  /** Why something is stuck (no reviewer, task rejected, a decision half-applied): shown to heads. */
  problem: string | null;
  /** A decision whose side effects are not all done: repeating it continues. */
  planPending: boolean;
  link: string;
}

export type ReviewSort = 'lost_at' | 'value' | 'due_at';

export interface ReviewListQuery {
  state?: ReviewState | 'undecided' | 'problems';
  managerId?: number;
  reasonId?: number;
  pipelineId?: number;
  minValue?: number;
  maxValue?: number;
  minAgeDays?: number;
  maxAgeDays?: number;
  sort?: ReviewSort;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface ReviewListResponse {
  items: ReviewListItem[];
  /** Matching the filters, beyond the page. */
  total: number;
  /** Every review the caller may see, by state, whatever the filters. */
  counts: Partial<Record<ReviewState, number>>;
}

export interface ReviewNote { id: number; text: string; createdAt: number; createdBy: number }

export interface ReviewDetail extends ReviewListItem {
  review: Review;
  /** The deal now; null when it was deleted in amoCRM. */
  deal: { statusId: number; pipelineId: number; responsibleUserId: number; price: number } | null;
  /** From the events API, oldest first, with days spent in each stage. */
  path: StageVisit[];
  taskCount: number;
  openTaskCount: number;
  noteCount: number;
  recentNotes: ReviewNote[];
}

export interface ConfirmReviewRequest { correctedReasonId?: number | null; comment?: string }

export interface ReturnReviewRequest {
  /** Default: the stage it was lost from. */
  statusId?: number;
  pipelineId?: number;
  /** Default: the same manager. */
  responsibleUserId?: number;
  advice: string;
  /** The manager's task due time, Unix seconds; default: the configured working hours after now. */
  dueAt?: number;
  taskTypeId?: number;
}

export interface DecisionResponse { review: Review }

export type ByLeadResponse =
  | { kind: 'review'; review: ReviewListItem }
  | { kind: 'advice'; advice: string; decidedAt: number; decidedBy: number; state: ReviewState }
  | { kind: 'none' };

/**
 * A refusal period: amoCRM time, Unix seconds, [from, to) (GET outcomes?from=&to=, POST backfill).
 * Its own brand, so distribution's epoch-millisecond periods cannot be passed in its place.
 */
export interface RefusalPeriod { from: UnixSeconds; to: UnixSeconds }

export interface OutcomesResponse extends RefusalOutcomes, RefusalPeriod {}

export type BackfillRequest = RefusalPeriod;

export interface BackfillProgress {
  /** idle: no backfill was ever started for the account (a normal state, not a 404). */
  state: 'idle' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  created: number;
  from: UnixSeconds;
  to: UnixSeconds;
  error: string | null;
}

export interface RuleWarningsResponse { rules: Array<{ ruleId: string; warnings: RuleIssue[] }> }
