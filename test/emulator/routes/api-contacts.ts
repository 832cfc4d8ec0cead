/**
 * /api/v4/contacts — the minimum distribution needs (contacts-api): list with `filter[id]` and
 * `filter[responsible_user_id]` (scalar, `[]` or comma list), `page`, `limit` ≤ 250, `order[id]`;
 * one contact; batch create (≤ 250) so tests and benchmarks can attach contacts to leads.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseElements, readBatch, requestIdOf, ElementErrors } from '../body';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { batchAnswer, compareBy, sendPage, withSelfLink } from '../hal';
import { forbidden, notFound } from '../http-errors';
import type { ContactRecord } from '../model';
import { asIntList, asTree, assertOnlyKeys, parseIntStrict, queryOf, readOrder, readPaging, readWith, type QueryTree } from '../query';
import { canViewContact } from '../rights';

const createSchema = z.strictObject({
  name: z.string().max(255).optional(),
  first_name: z.string().max(255).optional(),
  last_name: z.string().max(255).optional(),
  responsible_user_id: z.number().int().positive().optional(),
  created_at: z.number().int().positive().optional(),
  request_id: z.string().optional(),
});

function buildContactFilter(filter: QueryTree | undefined): (contact: ContactRecord) => boolean {
  if (!filter) return () => true;
  assertOnlyKeys(filter, ['id', 'responsible_user_id'], 'filter');
  const ids = asIntList(filter.id, 'filter[id]');
  const responsibles = asIntList(filter.responsible_user_id, 'filter[responsible_user_id]');
  return (contact) => (!ids || ids.includes(contact.id)) && (!responsibles || responsibles.includes(contact.responsible_user_id));
}

const present = (ctx: SandboxContext, contact: ContactRecord) =>
  ({ ...withSelfLink(contact, `${ctx.url}/api/v4/contacts/${contact.id}`), _embedded: { tags: [], companies: [] } });

export function contactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/contacts', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with', 'page', 'limit', 'order', 'filter'], '');
    const paging = readPaging(q, 250);
    readWith(q, []);
    const order = readOrder(q, ['id', 'updated_at']) ?? { field: 'id', direction: 'asc' as const };
    const matches = buildContactFilter(asTree(q.filter, 'filter'));
    const contacts = [...store.data.contacts.values()]
      .filter((contact) => !contact.is_deleted && canViewContact(user, contact) && matches(contact))
      .sort(compareBy((contact) => (order.field === 'id' ? contact.id : contact.updated_at), order.direction));
    return sendPage(reply, request, ctx.url, 'contacts', contacts, paging, (contact) => present(ctx, contact));
  });

  app.get<{ Params: { id: string } }>('/api/v4/contacts/:id', async (request, reply) => {
    const { user } = callerOf(request);
    assertOnlyKeys(queryOf(request.url), ['with'], '');
    const contact = ctx.store().data.contacts.get(parseIntStrict(request.params.id, 'id'));
    if (!contact || contact.is_deleted) throw notFound('Contact not found');
    if (!canViewContact(user, contact)) throw forbidden();
    metaOf(request).elements = 1;
    return sendHal(reply, present(ctx, contact));
  });

  app.post('/api/v4/contacts', async (request, reply) => {
    const { user } = callerOf(request);
    const store = ctx.store();
    const body = readBatch(request.body);
    metaOf(request).elements = body.length;
    const inputs = parseElements(createSchema, body);
    const errors = new ElementErrors();
    inputs.forEach((input, i) => {
      if (input.responsible_user_id !== undefined && !store.user(input.responsible_user_id)) {
        errors.add(requestIdOf(body[i], i), 'NotSupportedChoice', 'responsible_user_id', 'The value you selected is not a valid choice.');
      }
    });
    errors.throwIfAny();
    if (user.rights.contacts.add !== 'A') throw forbidden();
    const contacts = inputs.map((input, i) => {
      const contact = store.createContact(input, user.id);
      return withSelfLink({ id: contact.id, request_id: requestIdOf(body[i], i) }, `${ctx.url}/api/v4/contacts/${contact.id}`);
    });
    return sendHal(reply, batchAnswer(`${ctx.url}/api/v4/contacts`, 'contacts', contacts));
  });
}
