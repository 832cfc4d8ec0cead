/** /api/v4/tasks: list with filters, batch create, batch update incl. completing with a result (§4.7). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TaskWire } from '../wire';
import { ElementErrors, elementWithId, parseElements, readBatch, requestIdOf } from '../body';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { batchAnswer, compareBy, sendPage, withSelfLink } from '../hal';
import { badRequest, forbidden } from '../http-errors';
import type { SandboxUser } from '../model';
import { asIntList, asRange, asString, asTree, assertOnlyKeys, inRange, parseIntStrict, queryOf, readOrder, readPaging, type QueryTree } from '../query';
import { canEditTask, canViewLead, canViewTask } from '../rights';
import type { Store } from '../store';

const ENTITY_TYPES = ['leads', 'contacts', 'companies', 'customers'] as const;

const createSchema = z.strictObject({
  text: z.string().min(1),
  complete_till: z.number().int().positive(),
  entity_id: z.number().int().positive().optional(),
  entity_type: z.enum(ENTITY_TYPES).optional(),
  task_type_id: z.number().int().positive().optional(),
  responsible_user_id: z.number().int().positive().optional(),
  duration: z.number().int().min(0).optional(),
  request_id: z.string().optional(),
});

const patchSchema = z.strictObject({
  id: z.number().int().positive(),
  is_completed: z.boolean().optional(),
  result: z.strictObject({ text: z.string() }).optional(),
  text: z.string().min(1).optional(),
  complete_till: z.number().int().positive().optional(),
  responsible_user_id: z.number().int().positive().optional(),
  task_type_id: z.number().int().positive().optional(),
  request_id: z.string().optional(),
});

function buildTaskFilter(filter: QueryTree | undefined): (t: TaskWire) => boolean {
  if (!filter) return () => true;
  assertOnlyKeys(filter, ['id', 'responsible_user_id', 'is_completed', 'task_type', 'entity_type', 'entity_id', 'updated_at'], 'filter');
  const ids = asIntList(filter.id, 'filter[id]');
  const responsibles = asIntList(filter.responsible_user_id, 'filter[responsible_user_id]');
  const types = asIntList(filter.task_type, 'filter[task_type]');
  const entityIds = asIntList(filter.entity_id, 'filter[entity_id]');
  const entityType = asString(filter.entity_type, 'filter[entity_type]');
  const completed = asString(filter.is_completed, 'filter[is_completed]');
  const updated = asRange(filter.updated_at, 'filter[updated_at]');
  if (entityType !== undefined && !(ENTITY_TYPES as readonly string[]).includes(entityType)) throw badRequest('filter[entity_type] is not a valid entity type');
  if (entityIds && entityType === undefined) throw badRequest('filter[entity_id] requires filter[entity_type]');
  if (completed !== undefined && completed !== '0' && completed !== '1') throw badRequest('filter[is_completed] must be 0 or 1');
  return (t) =>
    (!ids || ids.includes(t.id)) &&
    (!responsibles || responsibles.includes(t.responsible_user_id)) &&
    (!types || types.includes(t.task_type_id)) &&
    (entityType === undefined || t.entity_type === entityType) &&
    (!entityIds || (t.entity_id !== null && entityIds.includes(t.entity_id))) &&
    (completed === undefined || t.is_completed === (completed === '1')) &&
    inRange(t.updated_at, updated);
}

const leadOf = (store: Store, t: { entity_type: TaskWire['entity_type']; entity_id: number | null }) =>
  t.entity_type === 'leads' && t.entity_id !== null ? store.data.leads.get(t.entity_id) : undefined;

function checkTaskReferences(store: Store, t: { task_type_id?: number; responsible_user_id?: number }, requestId: string, errors: ElementErrors): void {
  if (t.task_type_id !== undefined && !store.data.taskTypes.some((x) => x.id === t.task_type_id)) errors.add(requestId, 'NotSupportedChoice', 'task_type_id', 'The value you selected is not a valid choice.');
  if (t.responsible_user_id !== undefined && !store.user(t.responsible_user_id)) errors.add(requestId, 'NotSupportedChoice', 'responsible_user_id', 'The value you selected is not a valid choice.');
}

function patchTasks(ctx: SandboxContext, user: SandboxUser, body: unknown[]) {
  const store = ctx.store();
  const patches = parseElements(patchSchema, body);
  const errors = new ElementErrors();
  patches.forEach((p, i) => {
    const requestId = requestIdOf(body[i], i);
    const task = store.data.tasks.get(p.id);
    if (!task) errors.add(requestId, 'NotFound', 'id', 'Entity not found');
    checkTaskReferences(store, p, requestId, errors);
  });
  errors.throwIfAny();
  for (const p of patches) {
    const task = store.data.tasks.get(p.id) as TaskWire;
    if (!canEditTask(user, task, leadOf(store, task))) throw forbidden('Не хватает прав для изменения задачи');
  }
  return patches.map((p, i) => {
    const task = store.updateTask(p.id, p, user.id);
    return withSelfLink({ id: task.id, updated_at: task.updated_at, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/tasks/${task.id}`);
  });
}

export function taskRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/tasks', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['page', 'limit', 'order', 'filter'], '');
    const paging = readPaging(q, 250);
    const order = readOrder(q, ['created_at', 'complete_till', 'id']) ?? { field: 'id', direction: 'asc' as const };
    const matches = buildTaskFilter(asTree(q.filter, 'filter'));
    const tasks = [...store.data.tasks.values()]
      .filter((t) => canViewTask(user, t, leadOf(store, t)) && matches(t))
      .sort(compareBy((t) => (order.field === 'id' ? t.id : order.field === 'created_at' ? t.created_at : t.complete_till), order.direction));
    return sendPage(reply, request, ctx.url, 'tasks', tasks, paging, (t) => withSelfLink(t, `${ctx.url}/api/v4/tasks/${t.id}`));
  });

  app.get<{ Params: { id: string } }>('/api/v4/tasks/:id', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    assertOnlyKeys(queryOf(request.url), [], '');
    const task = store.data.tasks.get(parseIntStrict(request.params.id, 'id'));
    if (!task || !canViewTask(user, task, leadOf(store, task))) return reply.code(204).send();
    metaOf(request).elements = 1;
    return sendHal(reply, withSelfLink(task, `${ctx.url}/api/v4/tasks/${task.id}`));
  });

  app.post('/api/v4/tasks', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    const inputs = parseElements(createSchema, body);
    const errors = new ElementErrors();
    inputs.forEach((t, i) => {
      const requestId = requestIdOf(body[i], i);
      checkTaskReferences(store, t, requestId, errors);
      if (t.entity_id !== undefined && (t.entity_type ?? 'leads') === 'leads' && !store.data.leads.get(t.entity_id)) errors.add(requestId, 'NotFound', 'entity_id', 'Entity not found');
      if (t.entity_type !== undefined && t.entity_type !== 'leads') errors.add(requestId, 'NotSupportedChoice', 'entity_type', 'The sandbox emulates tasks on leads only');
    });
    errors.throwIfAny();
    // Creating a task on a lead needs the right to see that lead.
    if (inputs.some((t) => { const lead = t.entity_id !== undefined ? store.data.leads.get(t.entity_id) : undefined; return lead !== undefined && !canViewLead(user, lead); })) {
      throw forbidden('Не хватает прав для создания задачи');
    }
    const tasks = inputs.map((t, i) => {
      const task = store.createTask({ ...t, entity_type: t.entity_id !== undefined ? 'leads' : undefined }, user.id);
      return withSelfLink({ id: task.id, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/tasks/${task.id}`);
    });
    return sendHal(reply, batchAnswer(`${ctx.url}/api/v4/tasks`, 'tasks', tasks));
  });

  app.patch('/api/v4/tasks', async (request, reply) => {
    const { user } = callerOf(request);
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    return sendHal(reply, batchAnswer(`${ctx.url}/api/v4/tasks`, 'tasks', patchTasks(ctx, user, body)));
  });

  app.patch<{ Params: { id: string } }>('/api/v4/tasks/:id', async (request, reply) => {
    const { user } = callerOf(request);
    const element = elementWithId(request.body, parseIntStrict(request.params.id, 'id'));
    metaOf(request).elements = 1;
    const [result] = patchTasks(ctx, user, [element]);
    return sendHal(reply, result);
  });
}
