/**
 * Account, users (admin only), pipelines with statuses, loss reasons (§4.5, §4.6, §4.8, §4.9).
 */
import type { FastifyInstance } from 'fastify';
import type { AccountWire, UserWire } from '../wire';
import { callerOf, metaOf, sendHal, type SandboxContext } from '../context';
import { sendPage, withSelfLink } from '../hal';
import { forbidden, notFound } from '../http-errors';
import type { SandboxUser } from '../model';
import { assertOnlyKeys, parseIntStrict, queryOf, readPaging, readWith } from '../query';

export function datetimeSettings(timezone: string, offset: string) {
  return {
    date_pattern: 'd.m.Y H:i', short_date_pattern: 'd.m.Y', short_time_pattern: 'H:i',
    date_format: 'd.m.Y', time_format: 'H:i', timezone, timezone_offset: offset,
  };
}

function presentUser(ctx: SandboxContext, user: SandboxUser, withs: ReadonlySet<string>): UserWire {
  const store = ctx.store();
  const embedded: UserWire['_embedded'] = {};
  if (withs.has('role')) embedded.roles = [];
  if (withs.has('group')) embedded.groups = store.data.groups.filter((g) => g.id === user.group_id);
  return { id: user.id, name: user.name, email: user.email, lang: user.lang, rights: user.rights, _links: { self: { href: `${ctx.url}/api/v4/users/${user.id}` } }, _embedded: embedded };
}

export function accountRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/account', async (request, reply) => {
    const { user } = callerOf(request);
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with'], '');
    const withs = readWith(q, ['users_groups', 'task_types', 'datetime_settings', 'amojo_id', 'version']);
    const { account, groups, taskTypes } = ctx.store().data;
    const body: AccountWire & { amojo_id?: string; version?: number; _links: unknown } = {
      id: account.id, name: account.name, subdomain: account.subdomain,
      created_at: account.created_at, created_by: account.created_by, updated_at: account.created_at, updated_by: account.created_by,
      current_user_id: user.id, country: account.country, currency: account.currency, customers_mode: 'disabled',
      is_unsorted_on: true, is_loss_reason_enabled: true, is_helpbot_enabled: false, is_technical_account: false,
      contact_name_display_order: 1, _links: { self: { href: `${ctx.url}/api/v4/account` } }, _embedded: {},
    };
    if (withs.has('amojo_id')) body.amojo_id = `sandbox-${account.id}`;
    if (withs.has('version')) body.version = 2;
    if (withs.has('users_groups')) body._embedded = { ...body._embedded, users_groups: groups.map((g) => ({ ...g, uuid: null })) };
    if (withs.has('task_types')) body._embedded = { ...body._embedded, task_types: taskTypes };
    if (withs.has('datetime_settings')) body._embedded = { ...body._embedded, datetime_settings: datetimeSettings(account.timezone, account.timezoneOffset) };
    metaOf(request).elements = 1;
    return sendHal(reply, body);
  });

  app.get('/api/v4/users', async (request, reply) => {
    const { user } = callerOf(request);
    if (!user.rights.is_admin) throw forbidden();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with', 'page', 'limit'], '');
    const withs = readWith(q, ['role', 'group', 'uuid', 'amojo_id', 'user_rank', 'phone_number']);
    const users = ctx.store().data.users;
    return sendPage(reply, request, ctx.url, 'users', users, readPaging(q, 250), (u) => presentUser(ctx, u, withs));
  });

  app.get<{ Params: { id: string } }>('/api/v4/users/:id', async (request, reply) => {
    const { user } = callerOf(request);
    if (!user.rights.is_admin) throw forbidden();
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['with'], '');
    const withs = readWith(q, ['role', 'group', 'uuid', 'amojo_id', 'user_rank', 'phone_number']);
    const found = ctx.store().user(parseIntStrict(request.params.id, 'id'));
    if (!found) throw notFound('User not found');
    metaOf(request).elements = 1;
    return sendHal(reply, presentUser(ctx, found, withs));
  });

  const presentPipeline = (p: ReturnType<SandboxContext['store']>['data']['pipelines'][number]) => ({
    ...withSelfLink(p, `${ctx.url}/api/v4/leads/pipelines/${p.id}`),
    _embedded: { statuses: p._embedded.statuses.map((s) => withSelfLink(s, `${ctx.url}/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`)) },
  });

  app.get('/api/v4/leads/pipelines', async (request, reply) => {
    callerOf(request);
    assertOnlyKeys(queryOf(request.url), [], '');
    const pipelines = ctx.store().data.pipelines;
    metaOf(request).elements = pipelines.length;
    return sendHal(reply, { _total_items: pipelines.length, _links: { self: { href: `${ctx.url}/api/v4/leads/pipelines` } }, _embedded: { pipelines: pipelines.map(presentPipeline) } });
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/pipelines/:id', async (request, reply) => {
    callerOf(request);
    assertOnlyKeys(queryOf(request.url), [], '');
    const pipeline = ctx.store().pipeline(parseIntStrict(request.params.id, 'id'));
    if (!pipeline) throw notFound('Pipeline not found');
    metaOf(request).elements = 1;
    return sendHal(reply, presentPipeline(pipeline));
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/pipelines/:id/statuses', async (request, reply) => {
    callerOf(request);
    assertOnlyKeys(queryOf(request.url), [], '');
    const pipeline = ctx.store().pipeline(parseIntStrict(request.params.id, 'id'));
    if (!pipeline) throw notFound('Pipeline not found');
    const statuses = presentPipeline(pipeline)._embedded.statuses;
    metaOf(request).elements = statuses.length;
    return sendHal(reply, { _total_items: statuses.length, _links: { self: { href: `${ctx.url}/api/v4/leads/pipelines/${pipeline.id}/statuses` } }, _embedded: { statuses } });
  });

  app.get('/api/v4/leads/loss_reasons', async (request, reply) => {
    callerOf(request);
    const q = queryOf(request.url);
    assertOnlyKeys(q, ['page', 'limit'], '');
    const reasons = ctx.store().data.lossReasons;
    return sendPage(reply, request, ctx.url, 'loss_reasons', reasons, readPaging(q, 250), (r) => withSelfLink(r, `${ctx.url}/api/v4/leads/loss_reasons/${r.id}`));
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/loss_reasons/:id', async (request, reply) => {
    callerOf(request);
    assertOnlyKeys(queryOf(request.url), [], '');
    const reason = ctx.store().data.lossReasons.find((r) => r.id === parseIntStrict(request.params.id, 'id'));
    if (!reason) throw notFound('Loss reason not found');
    metaOf(request).elements = 1;
    return sendHal(reply, withSelfLink(reason, `${ctx.url}/api/v4/leads/loss_reasons/${reason.id}`));
  });
}
