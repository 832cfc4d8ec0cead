/**
 * The refusal views' one client over the companion service (/api/v1/refusals/*): built on the
 * ServiceClient's calls (one per route, contract types from src/contract/refusals.ts), it adds
 * only what the views need on top: the undecided queue paged through, decisions as values the
 * views can draw (409 = someone else decided first, 422 = the core refused, its kind in the body's
 * `error`), and "no backfill yet" as a state rather than a 404.
 */
import { PROBLEM_STATES, UNDECIDED_STATES, type ReviewState, type ReviewTransitionError } from '../../../core/refusals';
import type {
  BackfillProgress, ConfirmReviewRequest, DecisionResponse, ReturnReviewRequest, ReviewListItem, ReviewListResponse,
} from '../../../contract/refusals';
import { ServiceError, type RefusalCalls, type ServiceClient } from '../../service-client';

export type {
  ByLeadResponse, ConfirmReviewRequest, OutcomesResponse, ReturnReviewRequest, ReviewDetail, ReviewListItem,
} from '../../../contract/refusals';

export interface ReviewQueue {
  items: ReviewListItem[];
  counts: { pending: number; withProblems: number };
}

/** A decision went through, was refused by a business rule, or lost the race to another head. */
export type DecisionResult =
  | { kind: 'done' }
  | { kind: 'rejected'; reason: ReviewTransitionError['kind'] }
  | { kind: 'conflict' };

export type BackfillStatus = { state: 'idle' } | BackfillProgress;

/** The service's calls the views use as they are, plus the few this layer reshapes. */
export interface RefusalsApi extends Pick<RefusalCalls, 'getReview' | 'byLead' | 'outcomes' | 'startBackfill'> {
  /** Every undecided review the caller may decide, whatever its age (paged through). */
  listUndecided(): Promise<ReviewQueue>;
  /** Just the queue's counts (one request): the launcher line needs no items. */
  undecidedCounts(): Promise<ReviewQueue['counts']>;
  confirm(id: string, request: ConfirmReviewRequest): Promise<DecisionResult>;
  returnToWork(id: string, request: ReturnReviewRequest): Promise<DecisionResult>;
  getBackfill(): Promise<BackfillStatus>;
}

/** The service's page limit; a queue longer than this many pages is not a queue any head works through. */
const PAGE = 200;
const MAX_PAGES = 10;

const DECISION_KINDS: ReadonlyArray<ReviewTransitionError['kind']> = [
  'advice_required', 'reason_required', 'unknown_reason', 'stage_required', 'stage_unavailable', 'user_unavailable',
  'task_type_unavailable', 'due_not_after_decision',
];

async function decided(call: () => Promise<DecisionResponse>): Promise<DecisionResult> {
  try {
    await call();
    return { kind: 'done' };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    if (error.status === 409) return { kind: 'conflict' };
    const reason = DECISION_KINDS.find((kind) => kind === error.code);
    if (error.status === 422 && reason !== undefined) return { kind: 'rejected', reason };
    throw error;
  }
}

export function createRefusalsApi(calls: RefusalCalls): RefusalsApi {
  const sum = (counts: ReviewListResponse['counts'], states: readonly ReviewState[]): number =>
    states.reduce((total, state) => total + (counts[state] ?? 0), 0);
  const queueCounts = (counts: ReviewListResponse['counts']): ReviewQueue['counts'] =>
    ({ pending: sum(counts, UNDECIDED_STATES), withProblems: sum(counts, PROBLEM_STATES) });
  return {
    async listUndecided() {
      const items: ReviewListItem[] = [];
      let counts: ReviewListResponse['counts'] = {};
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await calls.listReviews({ state: 'undecided', sort: 'lost_at', order: 'asc', limit: PAGE, offset: page * PAGE });
        items.push(...answer.items);
        counts = answer.counts;
        if (answer.items.length < PAGE || items.length >= answer.total) break;
      }
      return { items, counts: queueCounts(counts) };
    },
    // The service counts every state the caller may see whatever the page, so one item is enough.
    undecidedCounts: async () => queueCounts((await calls.listReviews({ state: 'undecided', limit: 1, offset: 0 })).counts),
    getReview: (id) => calls.getReview(id),
    confirm: (id, request) => decided(() => calls.confirm(id, request)),
    returnToWork: (id, request) => decided(() => calls.returnToWork(id, request)),
    byLead: (leadId) => calls.byLead(leadId),
    outcomes: (period) => calls.outcomes(period),
    startBackfill: (period) => calls.startBackfill(period),
    async getBackfill() {
      try {
        return await calls.getBackfill();
      } catch (error) {
        if (error instanceof ServiceError && error.status === 404) return { state: 'idle' };
        throw error;
      }
    },
  };
}

/**
 * The refusal client of a ServiceClient, one per client (views list it among their effect
 * inputs). A client without `refusals` (a test double of another feature) leaves the views quiet.
 */
export function refusalsApiOf(service: ServiceClient | null): RefusalsApi | null {
  const calls: RefusalCalls | undefined = (service as Partial<ServiceClient> | null)?.refusals;
  if (calls === undefined) return null;
  let api = clients.get(calls);
  if (api === undefined) {
    api = createRefusalsApi(calls);
    clients.set(calls, api);
  }
  return api;
}

const clients = new WeakMap<RefusalCalls, RefusalsApi>();
