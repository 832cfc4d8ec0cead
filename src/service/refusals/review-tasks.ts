/**
 * Review tasks in amoCRM, 50 per request, exactly one per review, through the shared effect
 * runner (../jobs/amo-effects.ts): amoCRM has no idempotent create, and a create can succeed while
 * our answer is lost (timeout, crash before the ids were stored). A review whose create was
 * started but never recorded is looked for in amoCRM first (same lead, responsible, type and
 * text) and adopted instead of getting a second task.
 */
import { sql } from 'kysely';
import type { AmoPort, NewTask } from '../../amo/port';
import { AmoValidationError } from '../../amo/errors';
import type { TaskId } from '../../core/brand';
import type { Task } from '../../core/domain';
import { LATE_COMPLETION_RETRY_SECONDS } from '../../core/refusals';
import type { AccountRecord } from '../accounts/repository';
import { dropStarted, runAmoEffects } from '../jobs/amo-effects';
import { nowSeconds, type RefusalDeps } from './context';
import {
  AWAITING_TASK, markReviewTaskRejected, recordReviewTask, toStored, type ReviewTaskRequestRecord, type StoredReview,
} from './repository';
import { completeLateReviewTask } from './steps';

const TASKS_PER_REQUEST = 50;

interface Candidate { key: string; id: string; stored: StoredReview; request: ReviewTaskRequestRecord }

/** The ledger key of a review's task; migration 0480 carried the older `task_requested_at` marks over to it. */
const reviewTaskKey = (reviewId: string): string => `refusals:review-task:${reviewId}`;

/** `signal`: the collector attempt's (../jobs/runner.ts): aborted, it creates nothing more. */
export async function createMissingReviewTasks(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, signal?: AbortSignal): Promise<number> {
  let created = 0;
  let afterId = '';
  for (;;) {
    const rows = await deps.db.selectFrom('refusal_reviews')
      .select(['id', 'review', 'lead_name', 'manager_group_id', 'problem', 'plan_pending', 'task_request'])
      .where('account_id', '=', account.id).where('review_task_id', 'is', null).where('task_request', 'is not', null)
      .where('state', 'in', [...AWAITING_TASK]).where('id', '>', afterId)
      .orderBy('id').limit(TASKS_PER_REQUEST).execute();
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]?.id ?? afterId;
    const candidates = candidatesOf(rows);
    created += await createBatch(deps, account, amo, candidates, signal);
  }
  return created;
}

/** Review rows with a task request, as the effect runner's effects. */
function candidatesOf(rows: ReadonlyArray<Parameters<typeof toStored>[0] & { id: string }>): Candidate[] {
  return rows.flatMap((row) => {
    const stored = toStored(row);
    return stored.taskRequest === null ? [] : [{ key: reviewTaskKey(row.id), id: row.id, stored, request: stored.taskRequest }];
  });
}

async function createBatch(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, candidates: Candidate[], signal?: AbortSignal): Promise<number> {
  const saved = new Set<string>();
  const created = await createAndRecord(deps, account, amo, candidates, saved, { create: true, signal });
  await completeTasksOfDecided(deps, account, amo, saved, signal);
  return created;
}

/**
 * What an earlier collector attempt left undone for reviews decided since (the candidates above
 * only take reviews still waiting for a task, so nothing else comes back to these): run by every
 * collector round, under its hold, with its attempt's `signal`.
 */
export async function finishTasksOfDecided(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, signal?: AbortSignal): Promise<void> {
  await adoptTasksOfDecided(deps, account, amo, signal);
  await retryLateCompletions(deps, account, amo, signal);
}

/**
 * A decided review whose task create was started and never recorded: amoCRM may have created the
 * task before the attempt died. What amoCRM has is adopted, recorded and completed like a late
 * task (a plan still pending completes it after clearing `plan_pending`); a decided review never
 * gets a new task, so a mark with nothing behind it in amoCRM just goes. Few rows: a mark is only
 * left by an attempt that died.
 */
async function adoptTasksOfDecided(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, signal?: AbortSignal): Promise<void> {
  let afterId = '';
  for (;;) {
    const rows = await deps.db.selectFrom('refusal_reviews')
      .select(['id', 'review', 'lead_name', 'manager_group_id', 'problem', 'plan_pending', 'task_request'])
      .where('account_id', '=', account.id).where('review_task_id', 'is', null).where('task_request', 'is not', null)
      .where('decided_at', 'is not', null).where('id', '>', afterId)
      // reviewTaskKey's mark, as the effect runner writes it.
      .where(sql<boolean>`EXISTS (SELECT 1 FROM effects e WHERE e.account_id = refusal_reviews.account_id
        AND e.key = 'refusals:review-task:' || refusal_reviews.id || ':started')`)
      .orderBy('id').limit(TASKS_PER_REQUEST).execute();
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]?.id ?? afterId;
    const candidates = candidatesOf(rows);
    const saved = new Set<string>();
    await createAndRecord(deps, account, amo, candidates, saved, { create: false, signal });
    await dropStarted(deps.db, account.id, candidates.filter((c) => !saved.has(c.id)).map((c) => c.key));
    await completeTasksOfDecided(deps, account, amo, saved, signal);
  }
}

/** Late completions per round: a round never works through every decided review. */
const LATE_COMPLETIONS_PER_ROUND = 50;

/**
 * A late completion that failed (logged below) or never ran (the process died after recording
 * the task id) has no key in the ledger: it is done again by the next rounds, for reviews decided
 * within core LATE_COMPLETION_RETRY_SECONDS. A plan that completed the task used the same key, so
 * those reviews are not picked. The key is core deriveStepKey's: one loss event has one decision.
 */
async function retryLateCompletions(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, signal?: AbortSignal): Promise<void> {
  const rows = await deps.db.selectFrom('refusal_reviews').select('id')
    .where('account_id', '=', account.id).where('decided_at', '>=', nowSeconds(deps) - LATE_COMPLETION_RETRY_SECONDS)
    .where('plan_pending', '=', false).where('review_task_id', 'is not', null)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM effects e WHERE e.account_id = refusal_reviews.account_id AND e.key IN (
      'refusal:' || refusal_reviews.account_id || ':' || refusal_reviews.loss_event_key || ':confirm:complete_review_task',
      'refusal:' || refusal_reviews.account_id || ':' || refusal_reviews.loss_event_key || ':return:complete_review_task'))`)
    .orderBy('decided_at').limit(LATE_COMPLETIONS_PER_ROUND).execute();
  await completeTasksOfDecided(deps, account, amo, new Set(rows.map((row) => row.id)), signal);
}

/**
 * `saved`: filled with the reviews whose task id got recorded, also when amoCRM refused the rest.
 * Without `create`, only what amoCRM already has is adopted (reviews decided meanwhile).
 */
async function createAndRecord(
  deps: RefusalDeps, account: AccountRecord, amo: AmoPort, candidates: Candidate[], saved: Set<string>,
  { create, signal }: { create: boolean; signal?: AbortSignal | undefined },
): Promise<number> {
  const now = new Date(deps.clock.now());
  try {
    const outcome = await runAmoEffects<Candidate, TaskId>(deps.db, account.id, deps.clock, candidates, {
      batchSize: TASKS_PER_REQUEST,
      ...(signal === undefined ? {} : { signal }),
      findWritten: (interrupted) => adoptExistingTasks(amo, interrupted),
      async write(toCreate) {
        if (!create) return new Map();
        const results = await amo.createTasks(toCreate.map(toNewTask), signal === undefined ? {} : { signal });
        const byKey = new Map<string, TaskId>();
        results.forEach((result, index) => {
          const id = result.requestId ?? toCreate[index]?.id;
          const candidate = toCreate.find((c) => c.id === id);
          if (candidate !== undefined) byKey.set(candidate.key, result.id);
        });
        return byKey;
      },
      async record(trx, recorded) {
        for (const { effect, result } of recorded) {
          // Only the task id: the review itself may have moved on since it was read (a decision).
          await recordReviewTask(trx, account.id, effect.id, result, now);
          saved.add(effect.id);
        }
      },
    });
    return outcome.results.size;
  } catch (error) {
    if (!(error instanceof AmoValidationError)) throw error;
    // amoCRM refuses these tasks as they are (e.g. a removed task type): retrying cannot help.
    for (const candidate of candidates.filter((c) => !saved.has(c.id))) {
      await markReviewTaskRejected(deps.db, account.id, candidate.id, error.message, now);
    }
    return saved.size;
  }
}

/**
 * A head may decide while the task is being created: the decision read no task id, so its plan had
 * nothing to complete, and the task recorded just now would stay open in amoCRM for a deal already
 * decided. Completed here, right after recording (the account's collector hold keeps other
 * collectors out), through the plan step's own ledger key (./steps.ts completeLateReviewTask). A
 * failure is logged; the next rounds try again (retryLateCompletions).
 */
async function completeTasksOfDecided(
  deps: RefusalDeps, account: AccountRecord, amo: AmoPort, recorded: ReadonlySet<string>, signal?: AbortSignal,
): Promise<void> {
  if (recorded.size === 0) return;
  const decided = await deps.db.selectFrom('refusal_reviews').select('id')
    .where('account_id', '=', account.id).where('id', 'in', [...recorded])
    .where('decided_at', 'is not', null).where('plan_pending', '=', false)
    .execute();
  for (const { id } of decided) {
    try {
      await completeLateReviewTask(deps.db, amo, account.id, deps.clock, id, signal);
    } catch (error) {
      signal?.throwIfAborted();
      deps.log.warn({ accountId: account.id, reviewId: id, err: error }, 'review task of a decided review not completed');
    }
  }
}

const toNewTask = (candidate: Candidate): NewTask => ({
  leadId: candidate.stored.review.leadId,
  responsibleUserId: candidate.request.responsibleUserId,
  taskTypeId: candidate.request.taskTypeId,
  text: candidate.request.text,
  completeTill: candidate.request.completeTill,
  requestId: candidate.id,
});

const isSameTask = (task: Task, candidate: Candidate): boolean =>
  task.entityId === candidate.stored.review.leadId
  && task.responsibleUserId === candidate.request.responsibleUserId
  && task.taskTypeId === candidate.request.taskTypeId
  && task.text === candidate.request.text;

async function adoptExistingTasks(amo: AmoPort, retried: readonly Candidate[]): Promise<Map<string, TaskId>> {
  const adopted = new Map<string, TaskId>();
  const leadIds = [...new Set(retried.map((c) => c.stored.review.leadId))];
  const tasks = await amo.listTasks({ leadIds });
  for (const candidate of retried) {
    const task = tasks.find((t) => isSameTask(t, candidate));
    if (task !== undefined) adopted.set(candidate.key, task.id);
  }
  return adopted;
}
