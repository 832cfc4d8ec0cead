/** Tasks: GET /api/v4/tasks with the documented filters (§4.7), POST/PATCH in batches. */
import type { Task } from '../core/domain';
import type { TaskId } from '../core/brand';
import { writeInBatches } from './batch';
import { numberedPage, type AmoHttp } from './http';
import { PAGE_LIMIT, splitByIdList } from './leads';
import { asWire, mapTask, newTaskToWire, readAllPages, taskPatchToWire } from './map';
import type { NewTask, NumberedPage, TaskPatch, TaskQuery } from './port';
import { range, type QueryParams } from './query';
import type { TaskWire } from './wire';

function taskMatchesNothing(q: TaskQuery): boolean {
  return [q.responsibleUserIds, q.taskTypeIds, q.leadIds, q.ids].some((xs) => xs !== undefined && xs.length === 0);
}

export function taskQueryParams(q: TaskQuery): QueryParams {
  return {
    limit: PAGE_LIMIT,
    filter: {
      id: q.ids,
      responsible_user_id: q.responsibleUserIds,
      is_completed: q.isCompleted,
      task_type: q.taskTypeIds,
      // `filter[entity_id]` is only valid together with `filter[entity_type]` (tasks-api).
      entity_type: q.leadIds ? 'leads' : undefined,
      entity_id: q.leadIds,
      updated_at: range(q.updatedAt),
    },
  };
}

export async function listTasks(http: AmoHttp, q: TaskQuery, signal?: AbortSignal): Promise<Task[]> {
  if (taskMatchesNothing(q)) return [];
  const tasks: Task[] = [];
  for (const part of splitByIdList(q, 'leadIds')) {
    tasks.push(...await readAllPages<TaskWire, Task>(http.pages('/api/v4/tasks', 'tasks', { query: taskQueryParams(part), signal }), mapTask));
  }
  return tasks;
}

/** One numbered page of tasks updated since `updatedFrom`. */
export async function tasksPage(http: AmoHttp, q: { updatedFrom?: number | undefined }, page: number, limit: number): Promise<NumberedPage<Task>> {
  const { raw, last } = await numberedPage(http, '/api/v4/tasks', 'tasks', { filter: { updated_at: q.updatedFrom === undefined ? undefined : { from: q.updatedFrom } } }, page, limit);
  return { items: asWire<TaskWire>(raw).map(mapTask), last };
}

export async function createTasks(
  http: AmoHttp, tasks: readonly NewTask[], batchSize: number, signal?: AbortSignal,
): Promise<Array<{ id: TaskId; requestId?: string }>> {
  if (tasks.length === 0) return [];
  const rows = await writeInBatches(http, 'POST', '/api/v4/tasks', 'tasks', tasks.map(newTaskToWire), batchSize, signal);
  // Only hand back request ids the caller chose; amoCRM echoes the element index for the others.
  return rows.map((row, i) => {
    const requestId = tasks[i]?.requestId;
    return requestId === undefined ? { id: row.id as TaskId } : { id: row.id as TaskId, requestId };
  });
}

export async function updateTasks(http: AmoHttp, patches: readonly TaskPatch[], batchSize: number, signal?: AbortSignal): Promise<void> {
  if (patches.length === 0) return;
  await writeInBatches(http, 'PATCH', '/api/v4/tasks', 'tasks', patches.map(taskPatchToWire), batchSize, signal);
}
