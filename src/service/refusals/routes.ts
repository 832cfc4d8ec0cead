/**
 * /api/v1/refusals/… — the heads' review workspace, decisions, outcomes, backfill and rule
 * warnings. Roles are resolved on the server for every call: heads see their groups' reviews (and
 * those assigned to them), admins everything; a manager gets 403 except for the advice on a deal
 * returned to them (by-lead).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import {
  asLeadId, asLossReasonId, asPipelineId, asStatusId, asTaskTypeId, asUnixSeconds, asUserId, type UnixSeconds,
} from '../../core/brand';
import { deriveStagePath } from '../../core/analytics/stage-path';
import type { Review } from '../../core/refusals';
import { computeRefusalOutcomes, isDecided, PROBLEM_STATES, UNDECIDED_STATES, validateRule } from '../../core/refusals';
import type { AccountRecord } from '../accounts/repository';
import { resolveCaller, requireAdmin, type Caller } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { forbidden, HttpError, parseInput } from '../http/errors';
import { amoId, storableText } from '../http/validation';
import type { Database } from '../store/schema';
import type {
  ByLeadResponse, OutcomesResponse, ReviewDetail, ReviewListItem, ReviewListResponse, RuleWarningsResponse,
} from '../../contract/refusals';
import { readBackfill, startBackfill } from './backfill';
import type { RefusalDeps } from './context';
import { dealLink, loadFullCatalog, loadRefusalSettings, nowSeconds, requireAccount } from './context';
import { decideReview } from './decisions';
import { findReview, findReviewsOfLead, STORED_COLUMNS, toStored, type StoredReview } from './repository';

const DAY = 86_400;
/** Deal values PostgreSQL's double precision and every screen can hold. */
const money = z.coerce.number().min(-1e15).max(1e15);
/** A century: anything older than amoCRM itself is a typo, and `days × 86,400` stays finite. */
const ageDays = z.coerce.number().nonnegative().max(36_500);
/** Review ids are ours (text); a URL can still carry anything PostgreSQL cannot store. */
const reviewIdParams = z.object({ id: storableText(200).min(1) });
const STATES = ['pending', 'reviewer_inactive', 'reason_missing', 'confirmed', 'returned', 'recovered', 'lost_again', 'deal_deleted'] as const;

const listQuery = z.object({
  state: z.enum([...STATES, 'undecided', 'problems']).optional(),
  managerId: amoId(asUserId).optional(),
  reasonId: amoId(asLossReasonId).optional(),
  pipelineId: amoId(asPipelineId).optional(),
  minValue: money.optional(),
  maxValue: money.optional(),
  minAgeDays: ageDays.optional(),
  maxAgeDays: ageDays.optional(),
  sort: z.enum(['lost_at', 'value', 'due_at']).default('lost_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
}).strict();

const confirmBody = z.object({ correctedReasonId: amoId(asLossReasonId).nullable().optional(), comment: storableText(4000).optional() }).strict();
const returnBody = z.object({
  statusId: amoId(asStatusId).optional(), pipelineId: amoId(asPipelineId).optional(), responsibleUserId: amoId(asUserId).optional(),
  advice: storableText(4000), dueAt: amoId(asUnixSeconds).optional(), taskTypeId: amoId(asTaskTypeId).optional(),
}).strict();
/** Refusal periods are amoCRM time: Unix seconds, [from, to). */
const periodQuery = z.object({ from: amoId(asUnixSeconds), to: amoId(asUnixSeconds) }).strict().refine((p) => p.from < p.to, { message: 'from must be before to', path: ['to'] });

type ReviewsQuery = ExpressionBuilder<Database, 'refusal_reviews'>;

/** Heads: their groups' reviews and any assigned to them; admins: all. */
function visibleTo(caller: Caller) {
  return (eb: ReviewsQuery) => {
    if (caller.role.kind === 'admin') return eb.lit(true);
    const groups = caller.role.kind === 'head' ? [...caller.role.groupIds] : [];
    const own = eb('reviewer_id', '=', caller.user.id);
    return groups.length === 0 ? own : eb.or([own, eb('manager_group_id', 'in', groups)]);
  };
}

/**
 * The group rule for heads, the one every refusal read applies (lists use ./visibleTo, its SQL
 * twin): admins see everything, a head their groups' reviews and those assigned to them.
 */
const canSee = (caller: Caller, stored: StoredReview): boolean =>
  caller.role.kind === 'admin'
  || stored.review.reviewerId === caller.user.id
  || (caller.role.kind === 'head' && stored.managerGroupId !== null && caller.role.groupIds.includes(stored.managerGroupId));

export function registerRefusalRoutes(api: FastifyInstance, deps: RefusalDeps, services: {
  directory: Parameters<typeof resolveCaller>[2];
  enqueueBackfill: (accountId: number, backfillId: number) => Promise<void>;
}): void {
  const callerOf = (request: FastifyRequest): Promise<Caller> => resolveCaller(authOf(request), deps.db, services.directory);
  const reviewerOf = async (request: FastifyRequest): Promise<Caller> => {
    const caller = await callerOf(request);
    if (caller.role.kind === 'manager') throw forbidden('heads_only');
    return caller;
  };
  const toItem = (baseUrl: string, stored: StoredReview): ReviewListItem => listItem(baseUrl, stored, nowSeconds(deps));

  api.get('/api/v1/refusals/reviews', async (request): Promise<ReviewListResponse> => {
    const caller = await reviewerOf(request);
    const q = parseInput(listQuery, request.query);
    const { account } = authOf(request);
    const now = nowSeconds(deps);
    let base = deps.db.selectFrom('refusal_reviews').where('account_id', '=', account.id).where(visibleTo(caller));
    const counts = await base.select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    if (q.state === 'undecided') base = base.where('state', 'in', [...UNDECIDED_STATES]);
    else if (q.state === 'problems') base = base.where((eb) => eb.or([eb('state', 'in', [...PROBLEM_STATES]), eb('problem', 'is not', null)]));
    else if (q.state !== undefined) base = base.where('state', '=', q.state);
    if (q.managerId !== undefined) base = base.where('manager_id', '=', q.managerId);
    if (q.reasonId !== undefined) base = base.where('manager_reason_id', '=', q.reasonId);
    if (q.pipelineId !== undefined) base = base.where('pipeline_id', '=', q.pipelineId);
    if (q.minValue !== undefined) base = base.where('value', '>=', q.minValue);
    if (q.maxValue !== undefined) base = base.where('value', '<=', q.maxValue);
    if (q.minAgeDays !== undefined) base = base.where('lost_at', '<=', now - q.minAgeDays * DAY);
    if (q.maxAgeDays !== undefined) base = base.where('lost_at', '>=', now - q.maxAgeDays * DAY);
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    // The store orders every sort, so each page is a slice of one order (the due time lives in the
    // review document: a page re-sorted on its own would show the wrong rows on every page).
    const sortKey = q.sort === 'value' ? sql`value` : q.sort === 'due_at' ? sql`(review->>'dueAt')::bigint` : sql`lost_at`;
    const rows = await base.select(STORED_COLUMNS)
      .orderBy(sortKey, q.order).orderBy('id')
      .limit(q.limit).offset(q.offset).execute();
    const items = rows.map((row) => toItem(account.baseUrl, toStored(row)));
    return {
      items,
      total: Number(total?.n ?? 0),
      counts: Object.fromEntries(counts.map((c) => [c.state, Number(c.n)])),
    };
  });

  api.get<{ Params: { id: string } }>('/api/v1/refusals/reviews/:id', async (request): Promise<ReviewDetail> => {
    const caller = await reviewerOf(request);
    const { id: reviewId } = parseInput(reviewIdParams, request.params);
    const { account } = authOf(request);
    const stored = await findReview(deps.db, account.id, reviewId);
    if (stored === null || !canSee(caller, stored)) throw new HttpError(404, 'not_found');
    return reviewDetail(deps, account, stored);
  });

  api.post<{ Params: { id: string } }>('/api/v1/refusals/reviews/:id/confirm', async (request) => {
    const caller = await reviewerOf(request);
    parseInput(reviewIdParams, request.params);
    const input = parseInput(confirmBody, request.body ?? {});
    const account = await visibleReviewAccount(request, caller);
    const review = await decideReview(deps, account, request.params.id, caller.user.id, { kind: 'confirm', input });
    return { review };
  });

  api.post<{ Params: { id: string } }>('/api/v1/refusals/reviews/:id/return', async (request) => {
    const caller = await reviewerOf(request);
    parseInput(reviewIdParams, request.params);
    const parsed = parseInput(returnBody, request.body ?? {});
    const account = await visibleReviewAccount(request, caller);
    const input = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as typeof parsed;
    const review = await decideReview(deps, account, request.params.id, caller.user.id, { kind: 'return', input });
    return { review };
  });

  api.get<{ Params: { leadId: string } }>('/api/v1/refusals/by-lead/:leadId', async (request): Promise<ByLeadResponse> => {
    const caller = await callerOf(request);
    const leadId = parseInput(amoId(asLeadId), request.params.leadId);
    const { account } = authOf(request);
    const [latest] = await findReviewsOfLead(deps.db, account.id, leadId);
    if (latest === undefined) return { kind: 'none' };
    const { review } = latest;
    if (caller.role.kind !== 'manager' && canSee(caller, latest) && !isDecided(review)) {
      return { kind: 'review', review: toItem(account.baseUrl, latest) };
    }
    // The manager the deal went back to reads the advice; anyone else only within the group rule.
    const mayReadAdvice = caller.role.kind === 'manager' ? isReturned(review) && review.decision.responsibleUserId === caller.user.id : canSee(caller, latest);
    if (isReturned(review) && mayReadAdvice) {
      return { kind: 'advice', advice: review.decision.advice, decidedAt: review.decision.decidedAt, decidedBy: review.decision.decidedBy, state: review.state };
    }
    if (caller.role.kind !== 'manager' && canSee(caller, latest)) return { kind: 'review', review: toItem(account.baseUrl, latest) };
    return { kind: 'none' };
  });

  api.get('/api/v1/refusals/outcomes', async (request): Promise<OutcomesResponse> => {
    const caller = await reviewerOf(request);
    const period = parseInput(periodQuery, request.query);
    const { account } = authOf(request);
    const rows = await deps.db.selectFrom('refusal_reviews').select(STORED_COLUMNS)
      .where('account_id', '=', account.id).where(visibleTo(caller)).execute();
    const settings = await loadRefusalSettings(deps, account.id);
    const reviews = rows.map((row) => toStored(row).review);
    const outcomes = computeRefusalOutcomes(reviews, period, settings.target);
    return { ...outcomes, from: period.from, to: period.to };
  });

  api.post('/api/v1/refusals/backfill', async (request, reply) => {
    const auth = authOf(request);
    await requireAdmin(auth, deps.db, services.directory);
    const period = parseInput(periodQuery, request.body ?? {});
    const progress = await startBackfill(deps, auth.account.id, period,
      (backfillId) => services.enqueueBackfill(auth.account.id, backfillId));
    return reply.code(202).send(progress);
  });

  api.get('/api/v1/refusals/backfill', async (request) => {
    await reviewerOf(request);
    const progress = await readBackfill(deps, authOf(request).account.id);
    return progress ?? { state: 'idle', done: 0, total: 0, created: 0, from: asUnixSeconds(0), to: asUnixSeconds(0), error: null };
  });

  api.get('/api/v1/refusals/rules/warnings', async (request): Promise<RuleWarningsResponse> => {
    const auth = authOf(request);
    await requireAdmin(auth, deps.db, services.directory);
    const account = await requireAccount(deps, auth.account.id);
    const [settings, catalog] = await Promise.all([loadRefusalSettings(deps, account.id), loadFullCatalog(deps, account)]);
    return { rules: settings.rules.map((rule) => ({ ruleId: rule.id, warnings: validateRule(rule, catalog).warnings })) };
  });

  async function visibleReviewAccount(request: FastifyRequest<{ Params: { id: string } }>, caller: Caller) {
    const { account } = authOf(request);
    const stored = await findReview(deps.db, account.id, request.params.id);
    if (stored === null || !canSee(caller, stored)) throw new HttpError(404, 'not_found');
    return account;
  }
}

const isReturned = (review: Review): review is Extract<Review, { state: 'returned' | 'recovered' | 'lost_again' }> =>
  review.state === 'returned' || review.state === 'recovered' || review.state === 'lost_again';

function listItem(baseUrl: string, stored: StoredReview, now: UnixSeconds): ReviewListItem {
  const { review } = stored;
  return {
    id: review.id, leadId: review.leadId, leadName: stored.leadName, state: review.state, managerId: review.managerId,
    managerReasonId: review.managerReasonId, value: review.value, pipelineId: review.pipelineId,
    lostFromStatusId: review.lostFromStatusId, lostAt: review.lostAt, ageDays: Math.max(0, now - review.lostAt) / DAY,
    reviewerId: review.reviewerId, reviewTaskId: review.reviewTaskId, dueAt: review.dueAt, problem: stored.problem,
    planPending: stored.planPending, link: dealLink({ baseUrl }, review.leadId),
  };
}

async function reviewDetail(deps: RefusalDeps, account: AccountRecord, stored: StoredReview): Promise<ReviewDetail> {
  const amo = deps.amoFor(account);
  const leadId = stored.review.leadId;
  const [deal, changes, tasks, notes] = await Promise.all([
    amo.getLead(leadId), amo.listStatusChanges({ leadIds: [leadId] }), amo.listTasks({ leadIds: [leadId] }), amo.listNotes(leadId, { limit: 50 }),
  ]);
  const now = nowSeconds(deps);
  return {
    ...listItem(account.baseUrl, stored, now),
    review: stored.review,
    deal: deal === null ? null : { statusId: deal.statusId, pipelineId: deal.pipelineId, responsibleUserId: deal.responsibleUserId, price: deal.price },
    path: deal === null ? [] : deriveStagePath(deal, changes, now),
    taskCount: tasks.length,
    openTaskCount: tasks.filter((t) => !t.isCompleted).length,
    noteCount: notes.length,
    recentNotes: notes.slice(0, 5).map((n) => ({ id: n.id, text: n.text, createdAt: n.createdAt, createdBy: asUserId(n.createdBy) })),
  };
}
