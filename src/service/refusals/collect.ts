/**
 * The collector round (job `refusals.collect`): pending losses → leads fetched with their loss
 * reason (250 ids per request) → rules → one review per loss event (the unique key makes repeats
 * and concurrent rounds harmless) → review tasks created 50 per request (./review-tasks.ts).
 * A returned deal lost again is marked so here too, from the same fetch.
 */
import { randomUUID } from 'node:crypto';
import type { AccountId, LeadId, StatusId, UnixSeconds } from '../../core/brand';
import { STATUS_LOST, toEpochMs, toUnixSeconds } from '../../core/brand';
import type { Deal } from '../../core/domain';
import type { RefusalCatalog, Review, ReviewId, ReviewSubject, RuleMatch } from '../../core/refusals';
import {
  computeReviewDueAt, deriveLossEventKey, deriveManagerGroup, deriveReviewTaskRequest, markLostAgain, matchRules, openReview,
} from '../../core/refusals';
import type { RefusalDeps, RefusalSettings } from './context';
import { dealLink, loadPeopleCatalog, loadRefusalSettings, nowSeconds, requireAccount } from './context';
import { advanceCollectorGeneration, removePendingLosses, selectPendingLosses, type PendingLoss } from './intake';
import type { NewReviewRow } from './repository';
import { insertReviews, moveReviewOn, STORED_COLUMNS, toStored } from './repository';
import { createMissingReviewTasks, finishTasksOfDecided } from './review-tasks';

/** Pending losses looked up per round; the client splits them into requests of 250 ids. */
const ROUND_SIZE = 1000;

export interface CollectResult { reviewsCreated: number; tasksCreated: number; lostAgain: number }

/** `signal`: the job attempt's; once the runner gave up on it, the round stops before its next write. */
export async function collectLosses(deps: RefusalDeps, accountId: AccountId, signal?: AbortSignal): Promise<CollectResult> {
  await advanceCollectorGeneration(deps.db, accountId);
  const cutoff = new Date(deps.clock.now() + 1);
  const account = await requireAccount(deps, accountId);
  const amo = deps.amoFor(account);
  const result: CollectResult = { reviewsCreated: 0, tasksCreated: 0, lostAgain: 0 };
  let context: { settings: RefusalSettings; catalog: RefusalCatalog } | null = null;
  for (;;) {
    const pending = await selectPendingLosses(deps.db, accountId, cutoff, ROUND_SIZE);
    if (pending.length === 0) break;
    context ??= { settings: await loadRefusalSettings(deps, accountId), catalog: await loadPeopleCatalog(deps, accountId) };
    const deals = await amo.listLeads({ ids: pending.map((loss) => loss.leadId), withLossReason: true });
    signal?.throwIfAborted();
    const counts = await processLostDeals(deps, { accountId, baseUrl: account.baseUrl, ...context }, deals, pending);
    result.reviewsCreated += counts.reviewsCreated;
    result.lostAgain += counts.lostAgain;
    await removePendingLosses(deps.db, accountId, pending.map((loss) => loss.leadId), cutoff);
    if (pending.length < ROUND_SIZE) break;
  }
  // What earlier rounds left for reviews decided since, before this round's tasks.
  await finishTasksOfDecided(deps, account, amo, signal);
  result.tasksCreated = await createMissingReviewTasks(deps, account, amo, signal);
  return result;
}

export interface LossContext {
  accountId: AccountId;
  baseUrl: string;
  settings: RefusalSettings;
  catalog: RefusalCatalog;
}

/** Shared by the webhook path and the backfill: same keys, so neither duplicates the other. */
export async function processLostDeals(
  deps: RefusalDeps, ctx: LossContext, deals: readonly Deal[], seen: readonly PendingLoss[],
): Promise<{ reviewsCreated: number; lostAgain: number }> {
  const lost = deals.filter((deal) => deal.statusId === STATUS_LOST && deal.closedAt !== null);
  const missing = seen.length - deals.length;
  if (missing > 0) deps.log.info({ accountId: ctx.accountId, missing }, 'lost leads no longer in amoCRM (deleted): no review');
  const lostFrom = new Map(seen.map((loss) => [loss.leadId, loss.lostFromStatusId]));
  const now = new Date(deps.clock.now());
  const lostAgain = await markReturnedLostAgain(deps, ctx.accountId, lost, now);
  const rows = lost.flatMap((deal) => {
    const row = deriveNewReview(ctx, deal, lostFrom.get(deal.id) ?? null, nowSeconds(deps));
    return row === null ? [] : [row];
  });
  const inserted = await insertReviews(deps.db, rows, now);
  return { reviewsCreated: inserted.size, lostAgain };
}

function deriveNewReview(ctx: LossContext, deal: Deal, lostFromStatusId: StatusId | null, createdAt: UnixSeconds): NewReviewRow | null {
  const lostAt = deal.closedAt;
  if (lostAt === null) return null;
  const lossEventKey = deriveLossEventKey({ leadId: deal.id, closedAt: lostAt });
  if (lossEventKey === null) return null;
  const lost = { accountId: ctx.accountId, deal, lossEventKey };
  const match = matchRules(lost, ctx.settings.rules, ctx.catalog);
  if (match.kind !== 'review' && match.kind !== 'no_reviewer') return null;
  const managerGroupId = deriveManagerGroup(deal, ctx.catalog);
  const subject: Omit<ReviewSubject, 'reviewerId' | 'dueAt'> = {
    id: randomUUID() as ReviewId, accountId: ctx.accountId, leadId: deal.id, lossEventKey, ruleId: match.rule.id,
    managerId: deal.responsibleUserId, managerReasonId: deal.lossReasonId, value: deal.price, pipelineId: deal.pipelineId,
    lostFromStatusId: lostFromStatusId === STATUS_LOST ? null : lostFromStatusId, lostAt, createdAt, reviewTaskId: null,
  };
  if (match.kind === 'review') {
    const request = deriveReviewTaskRequest(match, lost, lostAt, {
      catalog: ctx.catalog, schedule: ctx.settings.schedule,
      text: { link: dealLink(ctx, deal.id), formatValue: formatMoney, unknownLabel: '—' },
    });
    const review = openReview({ ...subject, reviewerId: request.responsibleUserId, dueAt: request.completeTill });
    return {
      review, leadName: deal.name, managerGroupId, problem: null,
      taskRequest: { responsibleUserId: request.responsibleUserId, taskTypeId: request.taskTypeId, text: request.text, completeTill: request.completeTill },
    };
  }
  return noReviewerRow(ctx, deal, match, subject, managerGroupId);
}

/** Nobody can take the review (head and fallback gone): kept, without a task, as a problem heads and admins see. */
function noReviewerRow(
  ctx: LossContext, deal: Deal, match: Extract<RuleMatch, { kind: 'no_reviewer' }>,
  subject: Omit<ReviewSubject, 'reviewerId' | 'dueAt'>, managerGroupId: NewReviewRow['managerGroupId'],
): NewReviewRow {
  const head = match.rule.groupReviewers.find((r) => r.groupId === managerGroupId)?.reviewerId;
  const reviewerId = head ?? match.rule.fallbackReviewerId ?? deal.responsibleUserId;
  const due = computeReviewDueAt(match.rule.due, ctx.settings.schedule, toEpochMs(subject.lostAt));
  const review: Review = {
    ...subject, reviewerId, dueAt: due === null ? subject.lostAt : toUnixSeconds(due), state: 'reviewer_inactive', since: subject.createdAt,
  };
  return { review, leadName: deal.name, managerGroupId, taskRequest: null, problem: `no_reviewer:${match.headCause}` };
}

async function markReturnedLostAgain(deps: RefusalDeps, accountId: AccountId, lost: readonly Deal[], now: Date): Promise<number> {
  if (lost.length === 0) return 0;
  const byLead = new Map<LeadId, Deal>(lost.map((deal) => [deal.id, deal]));
  const rows = await deps.db.selectFrom('refusal_reviews').select(STORED_COLUMNS)
    .where('account_id', '=', accountId).where('state', '=', 'returned').where('lead_id', 'in', [...byLead.keys()])
    .execute();
  let count = 0;
  for (const { review } of rows.map(toStored)) {
    const deal = byLead.get(review.leadId);
    if (deal === undefined) continue;
    // Won or deleted since our read (a webhook): that change stands (lost again only follows `returned`).
    const moved = await moveReviewOn(deps.db, review, (current) => {
      // A loss not after the return decision is the one the review is about, not a new one.
      if (deal.closedAt === null || current.state !== 'returned' || deal.closedAt <= current.decision.decidedAt) return null;
      const next = markLostAgain(current, deal.closedAt, deal.lossReasonId);
      return next.ok ? { review: next.value } : null;
    }, now);
    if (moved !== null) count += 1;
  }
  return count;
}

const MONEY = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });
const formatMoney = (price: number): string => MONEY.format(price);
