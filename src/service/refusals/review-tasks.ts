/**
 * Review tasks in amoCRM, 50 per request, exactly one per review.
 *
 * amoCRM has no idempotent create, and a create request can succeed while our answer is lost
 * (timeout, crash before the ids were stored). So each batch is marked `task_requested_at` before
 * the request; a later round that finds the mark looks for the task in amoCRM first (same lead,
 * responsible, type and text) and adopts it instead of creating a second one.
 */
import type { AmoPort, NewTask } from '../../amo/port';
import { AmoValidationError } from '../../amo/errors';
import type { LeadId, TaskId, TaskTypeId, UnixSeconds, UserId } from '../../core/brand';
import type { Task } from '../../core/domain';
import type { AccountRecord } from '../accounts/repository';
import type { RefusalDeps } from './context';
import { saveReview, toStored, type ReviewTaskRequestRecord, type StoredReview } from './repository';

const TASKS_PER_REQUEST = 50;

interface Candidate { id: string; stored: StoredReview; request: ReviewTaskRequestRecord; requestedBefore: boolean }

export async function createMissingReviewTasks(deps: RefusalDeps, account: AccountRecord, amo: AmoPort): Promise<number> {
  let created = 0;
  let afterId = '';
  for (;;) {
    const rows = await deps.db.selectFrom('refusal_reviews')
      .select(['id', 'review', 'lead_name', 'manager_group_id', 'problem', 'plan_pending', 'task_request', 'task_requested_at'])
      .where('account_id', '=', account.id).where('review_task_id', 'is', null).where('task_request', 'is not', null)
      .where('state', 'in', ['pending', 'reason_missing']).where('id', '>', afterId)
      .orderBy('id').limit(TASKS_PER_REQUEST).execute();
    if (rows.length === 0) break;
    afterId = rows[rows.length - 1]?.id ?? afterId;
    const candidates: Candidate[] = rows.flatMap((row) => {
      const stored = toStored(row);
      return stored.taskRequest === null ? [] : [{ id: row.id, stored, request: stored.taskRequest, requestedBefore: row.task_requested_at !== null }];
    });
    created += await createBatch(deps, account, amo, candidates);
  }
  return created;
}

async function createBatch(deps: RefusalDeps, account: AccountRecord, amo: AmoPort, candidates: Candidate[]): Promise<number> {
  const now = new Date(deps.clock.now());
  const fresh = candidates.filter((c) => !c.requestedBefore).map((c) => c.id);
  if (fresh.length > 0) {
    await deps.db.updateTable('refusal_reviews').set({ task_requested_at: now })
      .where('account_id', '=', account.id).where('id', 'in', fresh).execute();
  }
  const adopted = await adoptExistingTasks(amo, candidates.filter((c) => c.requestedBefore));
  const toCreate = candidates.filter((c) => !adopted.has(c.id));
  const taskIds = new Map<string, TaskId>(adopted);
  if (toCreate.length > 0) {
    try {
      const results = await amo.createTasks(toCreate.map(toNewTask));
      results.forEach((result, index) => {
        const id = result.requestId ?? toCreate[index]?.id;
        if (id !== undefined) taskIds.set(id, result.id);
      });
    } catch (error) {
      if (!(error instanceof AmoValidationError)) throw error;
      // amoCRM refuses these tasks as they are (e.g. a removed task type): retrying cannot help.
      for (const candidate of toCreate) {
        await saveReview(deps.db, candidate.stored.review, now, { problem: `task_rejected: ${error.message}`.slice(0, 500) });
      }
      return taskIds.size;
    }
  }
  for (const candidate of candidates) {
    const taskId = taskIds.get(candidate.id);
    if (taskId === undefined) continue;
    await saveReview(deps.db, { ...candidate.stored.review, reviewTaskId: taskId }, now, { problem: null });
  }
  return taskIds.size;
}

const toNewTask = (candidate: Candidate): NewTask => ({
  leadId: candidate.stored.review.leadId,
  responsibleUserId: candidate.request.responsibleUserId as UserId,
  taskTypeId: candidate.request.taskTypeId as TaskTypeId,
  text: candidate.request.text,
  completeTill: candidate.request.completeTill as UnixSeconds,
  requestId: candidate.id,
});

const isSameTask = (task: Task, candidate: Candidate): boolean =>
  task.entityId === candidate.stored.review.leadId
  && task.responsibleUserId === candidate.request.responsibleUserId
  && task.taskTypeId === candidate.request.taskTypeId
  && task.text === candidate.request.text;

async function adoptExistingTasks(amo: AmoPort, retried: readonly Candidate[]): Promise<Map<string, TaskId>> {
  const adopted = new Map<string, TaskId>();
  if (retried.length === 0) return adopted;
  const leadIds = [...new Set(retried.map((c) => c.stored.review.leadId))] as LeadId[];
  const tasks = await amo.listTasks({ leadIds });
  for (const candidate of retried) {
    const task = tasks.find((t) => isSameTask(t, candidate));
    if (task !== undefined) adopted.set(candidate.id, task.id);
  }
  return adopted;
}
