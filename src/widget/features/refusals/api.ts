/**
 * What the refusal views need from the companion service (/api/v1/refusals/*), as a port: views
 * and models depend on `RefusalsApi`, tests hand in a fake, and `refusalsApiOf` adapts the
 * widget's ServiceClient. Wire shapes are the service's own (src/service/refusals/api-types.ts,
 * type-only); the adapter turns HTTP outcomes into values the views can draw: 409 = someone else
 * decided first, 422 = the core refused the decision (its error kind is the body's `error`).
 */
import { PROBLEM_STATES, UNDECIDED_STATES, type ReviewState, type ReviewTransitionError } from '../../../core/refusals';
import type {
  BackfillProgress, BackfillRequest, ByLeadResponse, ConfirmReviewRequest, DecisionResponse, OutcomesResponse, ReturnReviewRequest,
  ReviewDetail, ReviewListItem, ReviewListQuery, ReviewListResponse,
} from '../../../contract/refusals';
import { ServiceError, type RefusalCalls, type ServiceClient } from '../../service-client';

export type {
   ByLeadResponse, ConfirmReviewRequest, OutcomesResponse, ReturnReviewRequest, ReviewDetail, ReviewListItem, 
} from '../../../contract/refusals';

/** The calls the ServiceClient exposes as `service.refusals` (one per route, wire types in and out). */
export interface RefusalServiceCalls {
  listReviews(query: ReviewListQuery): Promise<ReviewListResponse>;
  getReview(id: string): Promise<ReviewDetail>;
  confirm(id: string, request: ConfirmReviewRequest): Promise<DecisionResponse>;
  returnToWork(id: string, request: ReturnReviewRequest): Promise<DecisionResponse>;
  byLead(leadId: number): Promise<ByLeadResponse>;
  outcomes(from: number, to: number): Promise<OutcomesResponse>;
  startBackfill(request: BackfillRequest): Promise<BackfillProgress>;
  backfill(): Promise<BackfillProgress>;
}

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

export interface RefusalsApi {
  /** Every undecided review the caller may decide, whatever its age (paged through). */
  listUndecided(): Promise<ReviewQueue>;
  /** Just the queue's counts (one request): the launcher line needs no items. */
  undecidedCounts(): Promise<ReviewQueue['counts']>;
  getReview(id: string): Promise<ReviewDetail>;
  confirm(id: string, request: ConfirmReviewRequest): Promise<DecisionResult>;
  returnToWork(id: string, request: ReturnReviewRequest): Promise<DecisionResult>;
  byLead(leadId: number): Promise<ByLeadResponse>;
  outcomes(from: number, to: number): Promise<OutcomesResponse>;
  startBackfill(from: number, to: number): Promise<BackfillStatus>;
  backfillStatus(): Promise<BackfillStatus>;
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

export function createRefusalsApi(calls: RefusalServiceCalls): RefusalsApi {
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
    outcomes: (from, to) => calls.outcomes(from, to),
    startBackfill: (from, to) => calls.startBackfill({ from, to }),
    async backfillStatus() {
      try {
        return await calls.backfill();
      } catch (error) {
        if (error instanceof ServiceError && error.status === 404) return { state: 'idle' };
        throw error;
      }
    },
  };
}

/**
 * The ServiceClient's refusal calls as this port: the client takes periods as one object and
 * names the backfill read `getBackfill`. Typed against the client's own `RefusalCalls`, so a
 * drift between the two is a compile error, not a 400 in the page.
 */
function callsFromClient(client: RefusalCalls): RefusalServiceCalls {
  return {
    listReviews: (query) => client.listReviews(query),
    getReview: (id) => client.getReview(id),
    confirm: (id, request) => client.confirm(id, request),
    returnToWork: (id, request) => client.returnToWork(id, request),
    byLead: (leadId) => client.byLead(leadId),
    outcomes: (from, to) => client.outcomes({ from, to }),
    startBackfill: (request) => client.startBackfill(request),
    backfill: () => client.getBackfill(),
  };
}

const hasRefusalCalls = (value: unknown): value is RefusalCalls =>
  typeof value === 'object' && value !== null && typeof (value as Partial<Record<string, unknown>>).listReviews === 'function';

/**
 * A client without `service.refusals` (an older build, a test double) leaves the refusal views
 * quiet instead of failing in the page.
 */
export function refusalsApiOf(service: ServiceClient | null): RefusalsApi | null {
  if (service === null) return null;
  const client: unknown = (service as Partial<ServiceClient>).refusals;
  if (!hasRefusalCalls(client)) return null;
  // One adapter per client: views list it among their effect inputs.
  let api = adapters.get(client);
  if (api === undefined) {
    api = createRefusalsApi(callsFromClient(client));
    adapters.set(client, api);
  }
  return api;
}

const adapters = new WeakMap<RefusalCalls, RefusalsApi>();
