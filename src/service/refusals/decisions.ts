/**
 * A head's decision as one operation that is safe to retry: the decided review is stored with
 * `plan_pending`, then the plan's steps run through the ledger (./steps.ts); a request repeated
 * after a failure finds the decision and finishes its plan instead of deciding again.
 * One decision runs at a time per review (`applying_until`): a concurrent click gets 409.
 *
 * Deal events (won, lost again, deleted) do not wait for that claim: they move the review on by
 * compare-and-set (./repository.ts moveReview), and so does the decision. A deal event saved
 * between the decision's read and its save wins: the decision answers 409 `invalid_transition`
 * from the new state (nothing was done in amoCRM yet). One saved while the plan runs stands too:
 * the plan finishes, the answer is the decision made, and the review keeps the deal event's state.
 */
import { AmoAccessRejected } from '../../amo/errors';
import type { LossReasonId, PipelineId, StatusId, TaskTypeId, UnixSeconds, UserId } from '../../core/brand';
import { asEpochMs, asTaskTypeId, toEpochMs, toUnixSeconds } from '../../core/brand';
import type { DecidedReview, PlanStep, Review, ReviewTransitionError } from '../../core/refusals';
import {
  confirmLoss, deriveConfirmLossPlan, deriveReturnToWorkPlan, deriveReviewTaskResult, isUndecided, returnToWork,
} from '../../core/refusals';
import { addWorkingMinutes } from '../../core/time';
import type { AccountRecord } from '../accounts/repository';
import { HttpError } from '../http/errors';
import type { RefusalDeps } from './context';
import { loadFullCatalog, loadRefusalSettings, nowSeconds } from './context';
import { findReview, moveReview, recordPlanOutcome } from './repository';
import { completeLateReviewTask, REVIEW_TASK_RESULT_TEXTS, runPlanStep } from './steps';

const APPLY_LEASE_MS = 60_000;

/** As the route parsed them: ids carry their brands from the parse (./routes.ts). */
interface ConfirmRequest { correctedReasonId?: LossReasonId | null; comment?: string }
interface ReturnRequest {
  statusId?: StatusId; pipelineId?: PipelineId; responsibleUserId?: UserId; advice: string; dueAt?: UnixSeconds; taskTypeId?: TaskTypeId;
}

export type DecisionRequest = { kind: 'confirm'; input: ConfirmRequest } | { kind: 'return'; input: ReturnRequest };

class DecisionRefused extends HttpError {
  constructor(readonly reason: ReviewTransitionError) {
    super(reason.kind === 'invalid_transition' ? 409 : 422, reason.kind);
  }
}

export async function decideReview(
  deps: RefusalDeps, account: AccountRecord, reviewId: string, decidedBy: UserId, request: DecisionRequest,
): Promise<DecidedReview> {
  await claimReview(deps, account, reviewId);
  try {
    const decided = await decideOrContinue(deps, account, reviewId, decidedBy, request);
    const amo = deps.amoFor(account);
    for (const step of planOf(decided)) {
      await failingAsPlanStep(deps, decided, step.kind, () => runPlanStep(deps.db, amo, account.id, deps.clock, step));
    }
    await recordPlanOutcome(deps.db, decided, { problem: null, planPending: false }, new Date(deps.clock.now()));
    // The collector may have recorded the review task since the plan was derived without it; it
    // completes a task it records only once the plan is no longer pending, so this check comes
    // after clearing `plan_pending`: of the two writers, the later one sees the task and completes it.
    await failingAsPlanStep(deps, decided, 'complete_review_task', () => completeLateReviewTask(deps.db, amo, account.id, deps.clock, decided.id));
    return decided;
  } finally {
    await deps.db.updateTable('refusal_reviews').set({ applying_until: null })
      .where('account_id', '=', account.id).where('id', '=', reviewId).execute();
  }
}

/** A failed step leaves the plan pending with its problem: a repeated request continues from there. */
async function failingAsPlanStep(deps: RefusalDeps, decided: DecidedReview, kind: PlanStep['kind'], run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    await recordPlanOutcome(deps.db, decided, { problem: `plan_failed:${kind}`, planPending: true }, new Date(deps.clock.now()));
    if (error instanceof AmoAccessRejected) throw error; // the admin must reconnect (http/errors.ts)
    throw new HttpError(502, 'amo_failed', `${kind} failed; retry to continue: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The decided review whose plan is to run: decided now, or a repeated request's unfinished one.
 * A review a deal event moved on while the decision was being made is read again: it is no longer
 * undecided, so the request gets continueDecision's 409 from the review's new state.
 */
async function decideOrContinue(
  deps: RefusalDeps, account: AccountRecord, reviewId: string, decidedBy: UserId, request: DecisionRequest,
): Promise<DecidedReview> {
  for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt += 1) {
    const stored = await findReview(deps.db, account.id, reviewId);
    if (stored === null) throw new HttpError(404, 'not_found');
    if (!isUndecided(stored.review)) return continueDecision(stored.review, stored.planPending, request.kind);
    const decided = await decide(deps, account, stored.review, decidedBy, request);
    if (decided !== null) return decided;
  }
  throw new HttpError(409, 'decision_in_progress');
}

/** Only a deal event moves an undecided review on (to `deal_deleted`, once): a second read settles it. */
const DECIDE_ATTEMPTS = 3;

async function claimReview(deps: RefusalDeps, account: AccountRecord, reviewId: string): Promise<void> {
  const now = new Date(deps.clock.now());
  const claimed = await deps.db.updateTable('refusal_reviews')
    .set({ applying_until: new Date(now.getTime() + APPLY_LEASE_MS) })
    .where('account_id', '=', account.id).where('id', '=', reviewId)
    .where((eb) => eb.or([eb('applying_until', 'is', null), eb('applying_until', '<', now)]))
    .returning('id').executeTakeFirst();
  if (claimed !== undefined) return;
  const exists = await deps.db.selectFrom('refusal_reviews').select('id')
    .where('account_id', '=', account.id).where('id', '=', reviewId).executeTakeFirst();
  throw exists === undefined ? new HttpError(404, 'not_found') : new HttpError(409, 'decision_in_progress');
}

/** A repeated request of a decision whose plan did not finish: continue it, whatever the new body says. */
function continueDecision(review: Review, planPending: boolean, kind: DecisionRequest['kind']): DecidedReview {
  const sameKind = (kind === 'confirm' && review.state === 'confirmed') || (kind === 'return' && review.state === 'returned');
  if (planPending && sameKind) return review as DecidedReview;
  throw new DecisionRefused({ kind: 'invalid_transition', from: review.state, action: kind });
}

async function decide(
  deps: RefusalDeps, account: AccountRecord, review: Review, decidedBy: UserId, request: DecisionRequest,
): Promise<DecidedReview | null> {
  const catalog = await loadFullCatalog(deps, account);
  const decidedAt = nowSeconds(deps);
  const outcome = request.kind === 'confirm'
    ? confirmLoss(review, {
      decidedBy, decidedAt,
      correctedReasonId: request.input.correctedReasonId ?? null,
      comment: request.input.comment ?? '',
    }, catalog)
    : returnToWork(review, await toReturnInput(deps, account, review, decidedBy, decidedAt, request.input), catalog);
  if (!outcome.ok) throw new DecisionRefused(outcome.error);
  // null: a deal event moved the review on while amoCRM was asked (the catalogue, the settings).
  const saved = await moveReview(deps.db, review, outcome.value, new Date(deps.clock.now()), { planPending: true });
  return saved ? outcome.value : null;
}

async function toReturnInput(
  deps: RefusalDeps, account: AccountRecord, review: Review, decidedBy: UserId, decidedAt: UnixSeconds, input: ReturnRequest,
): Promise<Parameters<typeof returnToWork>[1]> {
  const settings = await loadRefusalSettings(deps, account.id);
  const dueInMinutes = settings.section.managerTask.dueInWorkingHours * 60;
  const decidedAtMs = toEpochMs(decidedAt);
  const defaultDue = addWorkingMinutes(settings.schedule, decidedAtMs, dueInMinutes) ?? asEpochMs(decidedAtMs + dueInMinutes * 60_000);
  return {
    decidedBy, decidedAt,
    ...(input.statusId === undefined ? {} : {
      returnTo: { pipelineId: input.pipelineId ?? review.pipelineId, statusId: input.statusId },
    }),
    ...(input.responsibleUserId === undefined ? {} : { responsibleUserId: input.responsibleUserId }),
    advice: input.advice,
    managerTaskDueAt: input.dueAt ?? toUnixSeconds(defaultDue),
    managerTaskTypeId: input.taskTypeId ?? asTaskTypeId(settings.section.managerTask.taskTypeId),
  };
}

function planOf(review: DecidedReview): PlanStep[] {
  const texts = { reviewTaskResult: deriveReviewTaskResult(review, REVIEW_TASK_RESULT_TEXTS) };
  if (review.state === 'confirmed') return deriveConfirmLossPlan(review, texts);
  if (review.state === 'returned') return deriveReturnToWorkPlan(review, texts);
  return [];
}

