/**
 * What the refusal views need from the companion service (/api/v1/refusals/*), as a port: the
 * views and models depend on this interface, tests hand in a fake, and `refusalsApiOf` adapts
 * the widget's one ServiceClient (src/widget/service-client.ts). Shapes follow the service's
 * endpoints (P6 brief); the state of a review is the core's tagged union, sent as is.
 */
import type {
  LeadId, LossReasonId, PipelineId, StatusId, UnixSeconds, UserId,
} from '../../../core/brand';
import type { RefusalOutcomes, Review, ReviewId, ReviewTransitionError } from '../../../core/refusals';
import type { ServiceClient } from '../../service-client';

/** A review with what the list shows next to it (the deal's name is not part of the core review). */
export interface ReviewSummary {
  review: Review;
  leadName: string;
  /** Why the review needs a head's attention beyond the decision (e.g. `deal_deleted`); null when none. */
  problem: string | null;
}

export interface ReviewListResponse {
  reviews: ReviewSummary[];
  counts: { pending: number; withProblems: number };
}

export interface StageStep {
  pipelineId: PipelineId;
  statusId: StatusId;
  enteredAt: UnixSeconds;
  /** Fractional days spent in the stage. */
  days: number;
}

export interface ReviewNote { id: number; text: string; createdAt: UnixSeconds; authorId: UserId | null }

export interface ReviewDetailResponse extends ReviewSummary {
  path: StageStep[];
  taskCount: number;
  noteCount: number;
  recentNotes: ReviewNote[];
}

export interface ConfirmRequest { correctedReasonId?: LossReasonId; comment?: string }

export interface ReturnRequest {
  pipelineId?: PipelineId;
  statusId?: StatusId;
  responsibleUserId?: UserId;
  advice: string;
  dueAt?: UnixSeconds;
}

/**
 * A decision either went through, was refused by a business rule (the core's typed error), or
 * lost a race: someone else decided first (409) — the view then shows what is current.
 */
export type DecisionResult =
  | { kind: 'done'; review: ReviewSummary }
  | { kind: 'rejected'; error: ReviewTransitionError }
  | { kind: 'conflict'; review: ReviewSummary | null };

export interface OutcomesResponse extends RefusalOutcomes {
  from: UnixSeconds;
  to: UnixSeconds;
}

export type BackfillStatus =
  | { state: 'idle' }
  | { state: 'running' | 'done'; from: UnixSeconds; to: UnixSeconds; processed: number; total: number | null; reviewsCreated: number }
  | { state: 'failed'; from: UnixSeconds; to: UnixSeconds; error: string };

export interface RefusalsApi {
  listReviews(scope: 'undecided' | 'all'): Promise<ReviewListResponse>;
  getReview(id: ReviewId): Promise<ReviewDetailResponse>;
  confirm(id: ReviewId, request: ConfirmRequest): Promise<DecisionResult>;
  returnToWork(id: ReviewId, request: ReturnRequest): Promise<DecisionResult>;
  /** Reviews of one deal, newest loss first (a deal lost twice has two). */
  byLead(leadId: LeadId): Promise<ReviewSummary[]>;
  outcomes(from: UnixSeconds, to: UnixSeconds): Promise<OutcomesResponse>;
  startBackfill(from: UnixSeconds, to: UnixSeconds): Promise<BackfillStatus>;
  backfillStatus(): Promise<BackfillStatus>;
}

/**
 * The ServiceClient grows a `refusals` member with these calls (owned by the service side). Until
 * a client has it, the refusal views show "not connected" rather than failing in the page.
 */
type WithRefusals = ServiceClient & { refusals: RefusalsApi };

const hasRefusals = (service: ServiceClient): service is WithRefusals => {
  const candidate: unknown = (service as unknown as Record<string, unknown>).refusals;
  return typeof candidate === 'object' && candidate !== null && typeof (candidate as Record<string, unknown>).listReviews === 'function';
};

export function refusalsApiOf(service: ServiceClient | null): RefusalsApi | null {
  return service !== null && hasRefusals(service) ? service.refusals : null;
}
