/**
 * Developer API under /_emulator/ (not part of amoCRM): reset and seed, state dumps, the clock,
 * fault injection, the request log, Digital Pipeline action stages, token expiry, OAuth codes and
 * the outgoing delivery log. Not rate limited and not logged.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { faultSchema } from '../faults';
import { ApiError, badRequest } from '../http-errors';
import { SCENARIOS } from '../scenarios/index';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new ApiError(400, result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

const json = (reply: FastifyReply, body: unknown): FastifyReply => reply.type('application/json').send(JSON.stringify(body));

export function devRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const counts = () => {
    const d = ctx.store().data;
    return { users: d.users.length, pipelines: d.pipelines.length, leads: d.leads.size, tasks: d.tasks.size, notes: d.notes.size, events: d.events.length, webhooks: d.webhooks.size };
  };

  app.post('/_emulator/reset', async (_request, reply) => {
    ctx.reseed(ctx.scenario.name, ctx.scenario.seed);
    return json(reply, { scenario: ctx.scenario, counts: counts() });
  });

  app.post('/_emulator/seed', async (request, reply) => {
    const body = parse(z.strictObject({ scenario: z.enum(SCENARIOS), seed: z.number().int().optional() }), request.body);
    ctx.reseed(body.scenario, body.seed ?? ctx.scenario.seed);
    return json(reply, { scenario: ctx.scenario, counts: counts() });
  });

  app.get('/_emulator/state', async (_request, reply) => {
    const d = ctx.store().data;
    return json(reply, {
      scenario: ctx.scenario, now: ctx.clock.now(), counts: counts(),
      account: d.account, users: d.users, groups: d.groups, task_types: d.taskTypes, pipelines: d.pipelines, loss_reasons: d.lossReasons,
      leads: [...d.leads.values()], contacts: [...d.contacts.values()], tasks: [...d.tasks.values()], notes: [...d.notes.values()], events: d.events,
      webhooks: [...d.webhooks.values()], dp_actions: Object.fromEntries(d.dpActions), widget: d.widget,
    });
  });

  app.get('/_emulator/clock', async (_request, reply) => json(reply, { now: ctx.clock.now() }));
  app.post('/_emulator/clock', async (request, reply) => {
    const body = parse(z.strictObject({ advance_ms: z.number().int().min(0).optional(), set_ms: z.number().int().positive().optional() })
      .refine((b) => (b.advance_ms === undefined) !== (b.set_ms === undefined), 'give exactly one of advance_ms, set_ms'), request.body);
    if (body.advance_ms !== undefined) ctx.clock.advance(body.advance_ms);
    if (body.set_ms !== undefined) ctx.clock.set(body.set_ms);
    return json(reply, { now: ctx.clock.now() });
  });

  app.get('/_emulator/faults', async (_request, reply) => json(reply, { faults: ctx.faults.list() }));
  app.post('/_emulator/faults', async (request, reply) => json(reply, ctx.faults.add(parse(faultSchema, request.body))));
  app.delete('/_emulator/faults', async (_request, reply) => { ctx.faults.clear(); return reply.code(204).send(); });

  app.get('/_emulator/requests', async (_request, reply) => json(reply, { requests: ctx.requestLog }));
  app.delete('/_emulator/requests', async (_request, reply) => { ctx.requestLog.length = 0; return reply.code(204).send(); });

  app.get('/_emulator/dp/actions', async (_request, reply) => json(reply, { actions: Object.fromEntries(ctx.store().data.dpActions) }));
  app.post('/_emulator/dp/actions', async (request, reply) => {
    const body = parse(z.strictObject({ status_ids: z.array(z.number().int()), settings: z.record(z.string(), z.unknown()).default({}) }), request.body);
    const store = ctx.store();
    const known = new Set(store.data.pipelines.flatMap((p) => p._embedded.statuses.map((s) => s.id)));
    const unknown = body.status_ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw badRequest(`unknown status ids: ${unknown.join(', ')}`);
    store.data.dpActions = new Map(body.status_ids.map((id) => [id, body.settings]));
    return json(reply, { actions: Object.fromEntries(store.data.dpActions) });
  });

  app.post('/_emulator/tokens/expire', async (request, reply) => {
    const body = parse(z.strictObject({ token: z.string().optional() }), request.body);
    return json(reply, { expired: ctx.auth.expire(body.token, new Set([ctx.longLivedToken])) });
  });
  app.post('/_emulator/tokens/ttl', async (request, reply) => {
    // 0: tokens issued already expired — amoCRM refusing even the integration's fresh tokens.
    const body = parse(z.strictObject({ seconds: z.number().int().min(0) }), request.body);
    ctx.auth.accessTtlSec = body.seconds;
    return json(reply, { seconds: body.seconds });
  });
  app.post('/_emulator/oauth/code', async (request, reply) => {
    const body = parse(z.strictObject({ user_id: z.number().int().optional() }), request.body);
    const user = body.user_id !== undefined ? ctx.store().user(body.user_id) : ctx.store().data.users.find((u) => u.role === 'admin');
    if (!user) throw badRequest('no such user');
    return json(reply, { code: ctx.auth.mintCode(user.id, ctx.integration.client_id) });
  });

  // Switch account webhooks off (or on) as amoCRM does after repeated failed deliveries (§9.2):
  // a disabled webhook gets no deliveries and shows `disabled: true` in GET /api/v4/webhooks.
  app.post('/_emulator/webhooks/disabled', async (request, reply) => {
    const body = parse(z.strictObject({ destination: z.string().min(1).optional(), disabled: z.boolean().default(true) }), request.body);
    const hooks = [...ctx.store().data.webhooks.values()].filter((w) => body.destination === undefined || w.destination === body.destination);
    if (hooks.length === 0) throw new ApiError(404, 'no such webhook');
    for (const hook of hooks) {
      hook.disabled = body.disabled;
      hook.updated_at = Math.floor(ctx.clock.now() / 1000);
    }
    return json(reply, { webhooks: hooks });
  });

  app.get('/_emulator/webhooks/deliveries', async (_request, reply) => json(reply, { deliveries: ctx.outgoing.log }));
  app.delete('/_emulator/webhooks/deliveries', async (_request, reply) => { ctx.outgoing.log.length = 0; return reply.code(204).send(); });
}
