/** /api/v4/leads: list with the documented filters, one lead, batch create and batch update (§4.4). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LeadWire } from '../wire';
import { ElementErrors, elementWithId, parseElements, readBatch, requestIdOf } from '../body';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { batchAnswer, compareBy, sendPage, withSelfLink } from '../hal';
import { forbidden, notFound } from '../http-errors';
import { STATUS_LOST } from '../model';
import {
  asIntList, asRange, asString, asTree, assertOnlyKeys, inRange, parseIntStrict, queryOf, readOrder, readPaging, readWith,
  type QueryTree,
} from '../query';
import { canEditLead, canViewLead } from '../rights';
import type { LeadChanges, Store } from '../store';

const LEAD_FILTERS = ['id', 'name', 'price', 'statuses', 'pipeline_id', 'responsible_user_id', 'created_by', 'updated_by', 'created_at', 'updated_at', 'closed_at', 'closest_task_at'] as const;
const tagsSchema = z.array(z.strictObject({ id: z.number().int().optional(), name: z.string().min(1).optional() }));

const leadFields = {
  name: z.string().max(255).optional(),
  price: z.number().int().min(0).optional(),
  status_id: z.number().int().positive().optional(),
  pipeline_id: z.number().int().positive().optional(),
  responsible_user_id: z.number().int().positive().optional(),
  loss_reason_id: z.number().int().positive().nullable().optional(),
  request_id: z.string().optional(),
};
const patchSchema = z.strictObject({ id: z.number().int().positive(), ...leadFields, _embedded: z.strictObject({ tags: tagsSchema.optional() }).optional() });
const createSchema = z.strictObject({
  ...leadFields,
  created_at: z.number().int().positive().optional(),
  _embedded: z.strictObject({ tags: tagsSchema.optional(), contacts: z.array(z.strictObject({ id: z.number().int().positive() })).optional() }).optional(),
});

type LeadFields = Omit<z.infer<typeof patchSchema>, 'id' | '_embedded'>;

function presentLead(ctx: SandboxContext, store: Store, lead: LeadWire, withs: ReadonlySet<string>): LeadWire {
  const embedded: LeadWire['_embedded'] = { tags: lead._embedded.tags, companies: [] };
  if (withs.has('contacts')) {
    embedded.contacts = (lead._embedded.contacts ?? []).map((c) => withSelfLink(c, `${ctx.url}/api/v4/contacts/${c.id}`));
  }
  if (withs.has('loss_reason')) {
    const reason = store.data.lossReasons.find((r) => r.id === lead.loss_reason_id);
    embedded.loss_reason = reason ? [withSelfLink(reason, `${ctx.url}/api/v4/leads/loss_reasons/${reason.id}`)] : [];
  }
  return { ...withSelfLink(lead, `${ctx.url}/api/v4/leads/${lead.id}`), _embedded: embedded };
}

function buildLeadFilter(filter: QueryTree | undefined): (lead: LeadWire) => boolean {
  if (!filter) return () => true;
  assertOnlyKeys(filter, LEAD_FILTERS, 'filter');
  const ids = asIntList(filter.id, 'filter[id]');
  const pipelines = asIntList(filter.pipeline_id, 'filter[pipeline_id]');
  const responsibles = asIntList(filter.responsible_user_id, 'filter[responsible_user_id]');
  const createdBy = asIntList(filter.created_by, 'filter[created_by]');
  const updatedBy = asIntList(filter.updated_by, 'filter[updated_by]');
  const name = asString(filter.name, 'filter[name]');
  const price = asRange(filter.price, 'filter[price]');
  const ranges = (['created_at', 'updated_at', 'closed_at', 'closest_task_at'] as const).map((f) => [f, asRange(filter[f], `filter[${f}]`)] as const);
  const statusTree = asTree(filter.statuses, 'filter[statuses]');
  const statuses = statusTree && Object.entries(statusTree).map(([i, entry]) => {
    const t = asTree(entry, `filter[statuses][${i}]`) ?? {};
    assertOnlyKeys(t, ['pipeline_id', 'status_id'], `filter[statuses][${i}]`);
    const pipelineId = asString(t.pipeline_id, 'pipeline_id');
    const statusId = asString(t.status_id, 'status_id');
    return { pipelineId: pipelineId === undefined ? undefined : parseIntStrict(pipelineId, 'pipeline_id'), statusId: statusId === undefined ? undefined : parseIntStrict(statusId, 'status_id') };
  });
  return (lead) =>
    (!ids || ids.includes(lead.id)) &&
    (!pipelines || pipelines.includes(lead.pipeline_id)) &&
    (!responsibles || responsibles.includes(lead.responsible_user_id)) &&
    (!createdBy || createdBy.includes(lead.created_by)) &&
    (!updatedBy || updatedBy.includes(lead.updated_by)) &&
    (name === undefined || lead.name.toLowerCase().includes(name.toLowerCase())) &&
    inRange(lead.price, price) &&
    ranges.every(([field, range]) => inRange(lead[field], range)) &&
    (!statuses || statuses.some((s) => (s.pipelineId === undefined || s.pipelineId === lead.pipeline_id) && (s.statusId === undefined || s.statusId === lead.status_id)));
}

/** Per-element checks that need the account: stages, users, loss reasons. */
function checkReferences(store: Store, fields: LeadFields, current: LeadWire | undefined, requestId: string, errors: ElementErrors): void {
  const pipelineId = fields.pipeline_id ?? current?.pipeline_id ?? store.mainPipeline().id;
  if (fields.pipeline_id !== undefined && !store.pipeline(fields.pipeline_id)) errors.add(requestId, 'NotSupportedChoice', 'pipeline_id', 'The value you selected is not a valid choice.');
  else if (fields.status_id !== undefined && !store.hasStatus(pipelineId, fields.status_id)) errors.add(requestId, 'NotSupportedChoice', 'status_id', 'The value you selected is not a valid choice.');
  if (fields.responsible_user_id !== undefined && !store.user(fields.responsible_user_id)) errors.add(requestId, 'NotSupportedChoice', 'responsible_user_id', 'The value you selected is not a valid choice.');
  if (fields.loss_reason_id != null && !store.data.lossReasons.some((r) => r.id === fields.loss_reason_id)) errors.add(requestId, 'NotSupportedChoice', 'loss_reason_id', 'The value you selected is not a valid choice.');
}

const changesOf = (f: LeadFields): LeadChanges => ({
  name: f.name, price: f.price, status_id: f.status_id, pipeline_id: f.pipeline_id, responsible_user_id: f.responsible_user_id, loss_reason_id: f.loss_reason_id,
});

function patchLeads(ctx: SandboxContext, body: unknown[], actorOf: { id: number; canEdit: (l: LeadWire) => boolean }) {
  const store = ctx.store();
  const patches = parseElements(patchSchema, body);
  const errors = new ElementErrors();
  patches.forEach((patch, i) => {
    const requestId = requestIdOf(body[i], i);
    const lead = store.data.leads.get(patch.id);
    if (!lead || lead.is_deleted) { errors.add(requestId, 'NotFound', 'id', 'Entity not found'); return; }
    checkReferences(store, patch, lead, requestId, errors);
  });
  errors.throwIfAny();
  if (patches.some((p) => !actorOf.canEdit(store.data.leads.get(p.id) as LeadWire))) throw forbidden('Не хватает прав для изменения сделки');
  return patches.map((patch, i) => {
    const lead = store.updateLead(patch.id, changesOf(patch), actorOf.id);
    if (patch._embedded?.tags) lead._embedded.tags = patch._embedded.tags.map((t, k) => ({ id: t.id ?? 900_000 + k, name: t.name ?? '', color: null }));
    return withSelfLink({ id: lead.id, updated_at: lead.updated_at, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/leads/${lead.id}`);
  });
}

export function leadRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/leads', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with', 'page', 'limit', 'order', 'filter', 'query'], '');
    const paging = readPaging(q, 250);
    const withs = readWith(q, ['loss_reason', 'contacts']);
    const order = readOrder(q, ['created_at', 'updated_at', 'id']) ?? { field: 'id', direction: 'asc' as const };
    const matches = buildLeadFilter(asTree(q.filter, 'filter'));
    const search = asString(q.query, 'query')?.toLowerCase();
    const leads = [...store.data.leads.values()]
      .filter((l) => !l.is_deleted && canViewLead(user, l) && matches(l) && (!search || l.name.toLowerCase().includes(search) || String(l.id) === search))
      .sort(compareBy((l) => (order.field === 'id' ? l.id : order.field === 'created_at' ? l.created_at : l.updated_at), order.direction));
    return sendPage(reply, request, ctx.url, 'leads', leads, paging, (l) => presentLead(ctx, store, l, withs));
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/:id', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with'], '');
    const withs = readWith(q, ['loss_reason', 'contacts']);
    const lead = store.data.leads.get(parseIntStrict(request.params.id, 'id'));
    if (!lead || lead.is_deleted) throw notFound('Lead not found');
    // amoCRM hides a lead outside the user's rights the same way it hides a missing one.
    if (!canViewLead(user, lead)) throw forbidden();
    metaOf(request).elements = 1;
    return sendHal(reply, presentLead(ctx, store, lead, withs));
  });

  app.patch('/api/v4/leads', async (request, reply) => {
    const { user } = callerOf(request);
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    const leads = patchLeads(ctx, body, { id: user.id, canEdit: (l) => canEditLead(user, l) });
    return sendHal(reply, batchAnswer(`${ctx.url}/api/v4/leads`, 'leads', leads));
  });

  app.patch<{ Params: { id: string } }>('/api/v4/leads/:id', async (request, reply) => {
    const { user } = callerOf(request);
    const element = elementWithId(request.body, parseIntStrict(request.params.id, 'id'));
    metaOf(request).elements = 1;
    const [result] = patchLeads(ctx, [element], { id: user.id, canEdit: (l) => canEditLead(user, l) });
    return sendHal(reply, result);
  });

  app.post('/api/v4/leads', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    const inputs = parseElements(createSchema, body);
    const errors = new ElementErrors();
    inputs.forEach((input, i) => checkReferences(store, input, undefined, requestIdOf(body[i], i), errors));
    errors.throwIfAny();
    if (user.rights.leads.add !== 'A') throw forbidden();
    const leads = inputs.map((input, i) => {
      const lead = store.createLead({
        ...changesOf(input),
        loss_reason_id: input.status_id === STATUS_LOST ? input.loss_reason_id : null,
        created_at: input.created_at,
        tags: input._embedded?.tags?.map((t) => t.name ?? '').filter((n) => n !== ''),
        contact_ids: input._embedded?.contacts?.map((c) => c.id),
      }, user.id);
      return withSelfLink({ id: lead.id, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/leads/${lead.id}`);
    });
    return sendHal(reply, batchAnswer(`${ctx.url}/api/v4/leads`, 'leads', leads));
  });
}

