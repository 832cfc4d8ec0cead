/** Account webhooks API (§4.14), admin only. Deliveries are made by ../webhooks-out.ts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebhookEvent } from '../wire';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { sendPage } from '../hal';
import { ApiError, forbidden } from '../http-errors';
import { asString, asTree, assertOnlyKeys, queryOf, readPaging } from '../query';

const EVENTS = ['add_lead', 'update_lead', 'status_lead', 'responsible_lead', 'restore_lead', 'delete_lead', 'note_lead', 'add_task', 'update_task', 'delete_task', 'responsible_task'] as const satisfies readonly WebhookEvent[];

const subscribeSchema = z.strictObject({
  destination: z.url({ protocol: /^https?$/ }),
  settings: z.array(z.enum(EVENTS)).min(1),
  sort: z.number().int().optional(),
});
const unsubscribeSchema = z.strictObject({ destination: z.string().min(1) });

function parseOr400<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError(400, 'Request validation failed', [{
    request_id: '0',
    errors: result.error.issues.map((i) => ({ code: 'InvalidValue', path: i.path.join('.'), detail: i.message })),
  }]);
}

export function webhookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const requireAdmin = (request: Parameters<typeof callerOf>[0]) => {
    const caller = callerOf(request);
    if (!caller.user.rights.is_admin) throw forbidden();
    return caller;
  };

  app.get('/api/v4/webhooks', async (request, reply) => {
    requireAdmin(request);
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['filter', 'page', 'limit'], '');
    const filter = asTree(q.filter, 'filter') ?? {};
    assertOnlyKeys(filter, ['destination'], 'filter');
    const destination = asString(filter.destination, 'filter[destination]');
    const hooks = [...ctx.store().data.webhooks.values()].filter((w) => destination === undefined || w.destination === destination);
    return sendPage(reply, request, ctx.url, 'webhooks', hooks, readPaging(q, 250), (w) => w);
  });

  app.post('/api/v4/webhooks', async (request, reply) => {
    const { user } = requireAdmin(request);
    const input = parseOr400(subscribeSchema, request.body);
    metaOf(request).elements = 1;
    return sendHal(reply, ctx.store().addWebhook(input.destination, input.settings, user.id, input.sort));
  });

  app.delete('/api/v4/webhooks', async (request, reply) => {
    requireAdmin(request);
    const { destination } = parseOr400(unsubscribeSchema, request.body);
    const store = ctx.store();
    const hook = [...store.data.webhooks.values()].find((w) => w.destination === destination);
    if (hook) store.data.webhooks.delete(hook.id);
    metaOf(request).elements = hook ? 1 : 0;
    return reply.code(204).send();
  });
}
