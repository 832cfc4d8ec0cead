/** Lead notes (§4.10): GET/POST /api/v4/leads/{id}/notes and POST /api/v4/leads/notes. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ElementErrors, parseElements, readBatch, requestIdOf } from '../body';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { batchAnswer, compareBy, sendPage, withSelfLink } from '../hal';
import { forbidden, notFound } from '../http-errors';
import type { SandboxUser } from '../model';
import { asStringList, asTree, assertOnlyKeys, parseIntStrict, queryOf, readOrder, readPaging } from '../query';
import { canEditLead, canViewLead } from '../rights';

const NOTE_TYPES = ['common', 'call_in', 'call_out', 'service_message', 'extended_service_message', 'sms_in', 'sms_out', 'geolocation', 'attachment'] as const;
const noteSchema = z.strictObject({
  entity_id: z.number().int().positive().optional(),
  note_type: z.enum(['common', 'service_message']),
  params: z.strictObject({ text: z.string().min(1), service: z.string().optional() }),
  request_id: z.string().optional(),
});

function addNotes(ctx: SandboxContext, user: SandboxUser, body: unknown[], fixedLeadId: number | undefined) {
  const store = ctx.store();
  const inputs = parseElements(noteSchema, body);
  const errors = new ElementErrors();
  const leadIds = inputs.map((n, i) => {
    const leadId = fixedLeadId ?? n.entity_id;
    if (leadId === undefined || !store.data.leads.get(leadId)) errors.add(requestIdOf(body[i], i), 'NotFound', 'entity_id', 'Entity not found');
    return leadId ?? 0;
  });
  errors.throwIfAny();
  for (const id of leadIds) {
    const lead = store.data.leads.get(id);
    if (lead && !canEditLead(user, lead)) throw forbidden('Не хватает прав для добавления примечания');
  }
  const notes = inputs.map((n, i) => {
    const leadId = leadIds[i] ?? 0;
    const note = store.addNote(leadId, n.note_type, n.params, user.id);
    return withSelfLink({ id: note.id, entity_id: leadId, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/leads/${leadId}/notes/${note.id}`);
  });
  return batchAnswer(`${ctx.url}/api/v4/leads/notes`, 'notes', notes);
}

export function noteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { id: string } }>('/api/v4/leads/:id/notes', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const leadId = parseIntStrict(request.params.id, 'id');
    const lead = store.data.leads.get(leadId);
    if (!lead) throw notFound('Lead not found');
    if (!canViewLead(user, lead)) throw forbidden();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['page', 'limit', 'order', 'filter'], '');
    const filter = asTree(q.filter, 'filter') ?? {};
    assertOnlyKeys(filter, ['note_type'], 'filter');
    const types = asStringList(filter.note_type, 'filter[note_type]');
    const order = readOrder(q, ['id', 'updated_at']) ?? { field: 'id', direction: 'asc' as const };
    const notes = [...store.data.notes.values()]
      .filter((n) => n.entity_id === leadId && (!types || types.includes(n.note_type)) && (NOTE_TYPES as readonly string[]).includes(n.note_type))
      .sort(compareBy((n) => (order.field === 'id' ? n.id : n.updated_at), order.direction));
    return sendPage(reply, request, ctx.url, 'notes', notes, readPaging(q, 250), (n) => withSelfLink(n, `${ctx.url}/api/v4/leads/${leadId}/notes/${n.id}`));
  });

  app.post<{ Params: { id: string } }>('/api/v4/leads/:id/notes', async (request, reply) => {
    const { user } = callerOf(request);
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    return sendHal(reply, addNotes(ctx, user, body, parseIntStrict(request.params.id, 'id')));
  });

  app.post('/api/v4/leads/notes', async (request, reply) => {
    const { user } = callerOf(request);
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    return sendHal(reply, addNotes(ctx, user, body, undefined));
  });
}
