/**
 * The amoCRM sandbox: a second, independent implementation of the documented platform behaviour
 * our widget and service rely on (see README.md for what is and is not emulated).
 * `startSandbox()` is the programmatic entry used by tests and benchmarks; `main.ts` wraps it for
 * `npm run sandbox`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AuthState } from './auth';
import { createClock, toSeconds } from './clock';
import { metaOf, type SandboxContext, type SandboxIntegration, type RequestLogEntry } from './context';
import { Faults } from './faults';
import { ApiError, htmlErrorPage, unauthorized } from './http-errors';
import { createRng } from './prng';
import { RateLimiter } from './rate-limit';
import { accountRoutes } from './routes/api-account';
import { contactRoutes } from './routes/api-contacts';
import { eventRoutes } from './routes/api-events';
import { leadRoutes } from './routes/api-leads';
import { noteRoutes } from './routes/api-notes';
import { taskRoutes } from './routes/api-tasks';
import { webhookRoutes } from './routes/api-webhooks';
import { devRoutes } from './routes/dev';
import { cookieValue, hostRoutes, SESSION_COOKIE } from './routes/host';
import { oauthRoutes } from './routes/oauth';
import { buildScenario, type ScenarioName } from './scenarios/index';
import type { StoreData } from './model';
import { Store } from './store';
import { OutgoingCalls, type DeliveryLogEntry } from './webhooks-out';

export type { SandboxIntegration, RequestLogEntry };

export interface SandboxOptions {
  port?: number;
  widgetDir?: string;
  scenario?: ScenarioName;
  seed?: number;
  now?: number;
  integration?: Partial<SandboxIntegration>;
  dpWebhookUrl?: string;
  rateLimit?: { perIntegration: number; perAccount: number };
  /** The account's IANA zone (GET /api/v4/account `timezone`); the scenarios default to Europe/Moscow. */
  timezone?: string;
  /**
   * Another account id and subdomain than the scenarios' (31000001, `demo`): several sandboxes
   * then stand for several amoCRM accounts served by one deployment (bench:scale).
   */
  account?: { id: number; subdomain: string };
}

export interface Sandbox {
  url: string;
  accountId: number;
  subdomain: string;
  integration: SandboxIntegration;
  longLivedToken: string;
  users: Array<{ id: number; name: string; role: 'admin' | 'head' | 'manager'; group_id: number }>;
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  requests(): RequestLogEntry[];
  /** What the sandbox sent out (GET /_emulator/webhooks/deliveries without the JSON round trip). */
  deliveries(): DeliveryLogEntry[];
  close(): Promise<void>;
}

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const DEFAULT_INTEGRATION: SandboxIntegration = {
  client_id: '5b0c1f9e-3d2a-4c6b-9e8f-0a1b2c3d4e5f',
  client_secret: 'sandbox-client-secret-change-me-0123456789abcdef0123456789abcdef',
  redirect_uri: 'http://127.0.0.1:8790/api/v1/amo/oauth/callback',
};

const isApiPath = (path: string): boolean => path.startsWith('/api/v4/') || path === '/api/v4' || path.startsWith('/oauth2/');
const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '/';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).type('application/problem+json').send(JSON.stringify(error.toProblem()));
}

/** Faults and throttling answer like amoCRM's nginx: an HTML page, except a 500 from the app. */
function sendFailure(reply: FastifyReply, status: number): FastifyReply {
  if (status === 500) return sendProblem(reply, new ApiError(500, 'Internal error'));
  return reply.code(status).type('text/html; charset=utf-8').send(htmlErrorPage(status));
}

function installApiHooks(app: FastifyInstance, ctx: SandboxContext, limiter: RateLimiter): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (!isApiPath(path)) return;
    const meta = metaOf(request);
    meta.receivedAt = ctx.clock.now();
    const authorization = request.headers.authorization ?? '';
    const bearer = authorization.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : undefined;
    const sessionId = cookieValue(request, SESSION_COOKIE);
    meta.auth = bearer !== undefined ? 'bearer' : sessionId !== undefined ? 'session' : 'none';

    const fault = ctx.faults.match(request.method, path);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.status) return sendFailure(reply, fault.status);

    const lookup = bearer !== undefined ? ctx.auth.lookupBearer(bearer) : undefined;
    if (!limiter.allow(ctx.clock.now(), lookup?.ok ? lookup.grant.clientId : undefined)) return sendFailure(reply, 429);
    if (path.startsWith('/oauth2/')) return;

    if (lookup) {
      if (!lookup.ok) throw unauthorized(lookup.reason === 'expired' ? 'Access token has expired' : 'Unknown access token');
      let user = ctx.store().user(lookup.grant.userId);
      // An admin's token may act as another user (amocrm-api-php withContextUserId).
      const contextUser = request.headers['x-context-user-id'];
      if (user?.rights.is_admin && typeof contextUser === 'string') user = ctx.store().user(Number(contextUser));
      if (!user) throw unauthorized('The token user no longer exists');
      meta.caller = { user, via: 'bearer', clientId: lookup.grant.clientId };
      return;
    }
    const userId = sessionId === undefined ? undefined : ctx.auth.sessions.get(sessionId);
    const user = userId === undefined ? undefined : ctx.store().user(userId);
    if (!user) throw unauthorized();
    // The amoCRM front end always sends this; cross-site forms cannot.
    if (request.headers['x-requested-with'] !== 'XMLHttpRequest') throw unauthorized('Session calls need X-Requested-With: XMLHttpRequest');
    meta.caller = { user, via: 'session', clientId: null };
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request);
    if (!isApiPath(path)) return;
    const meta = metaOf(request);
    const at = ctx.clock.now();
    ctx.requestLog.push({ at, receivedAt: meta.receivedAt ?? at, method: request.method, path, auth: meta.auth, status: reply.statusCode, elements: meta.elements });
  });
}

function installErrorHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') { done(null, undefined); return; }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiError(400, 'Request body is not valid JSON'), undefined);
    }
  });
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return sendProblem(reply, error);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    return sendProblem(reply, new ApiError(status, error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(pathOf(request))) return sendProblem(reply, new ApiError(404, `No route ${request.method} ${pathOf(request)}`));
    return reply.code(404).type('text/plain').send('Not found');
  });
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clock = createClock(opts.now ?? Date.now());
  const integration: SandboxIntegration = { ...DEFAULT_INTEGRATION, ...opts.integration };
  const scenario = { name: opts.scenario ?? 'demo', seed: opts.seed ?? 1 };
  const auth = new AuthState(() => clock.now());
  const build = (name: ScenarioName, seed: number) => withAccount(withTimezone(buildScenario(name, seed, toSeconds(clock.now())), opts.timezone), opts.account);
  let store = new Store(build(scenario.name, scenario.seed), () => toSeconds(clock.now()));
  // close() ends open connections too (a browser's keep-alive, a slow request): it must return promptly.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const requestLog: RequestLogEntry[] = [];
  const urlBox = { url: '' };
  const outgoing = new OutgoingCalls(() => store, clock, () => opts.dpWebhookUrl, '');
  outgoing.attach(store);

  const ctx: SandboxContext = {
    get url() { return urlBox.url; },
    store: () => store,
    clock,
    nowSec: () => toSeconds(clock.now()),
    auth,
    faults: new Faults(createRng(scenario.seed ^ 0x5eed)),
    outgoing,
    integration,
    widgetDir: opts.widgetDir ?? join(REPO_ROOT, 'widget'),
    longLivedToken: '',
    requestLog,
    dpWebhookUrl: opts.dpWebhookUrl,
    scenario,
    reseed(name, seed) {
      scenario.name = name;
      scenario.seed = seed;
      store = new Store(build(name, seed), () => toSeconds(clock.now()));
      outgoing.clearPending();
      outgoing.attach(store);
    },
  };
  const admin = store.data.users.find((u) => u.role === 'admin');
  if (!admin) throw new Error('scenario without an admin');
  ctx.longLivedToken = auth.issueLongLived(admin.id, integration.client_id);

  await app.register(formbody);
  installErrorHandling(app);
  installApiHooks(app, ctx, new RateLimiter(opts.rateLimit ?? { perIntegration: 7, perAccount: 50 }));
  for (const routes of [accountRoutes, contactRoutes, leadRoutes, taskRoutes, noteRoutes, eventRoutes, webhookRoutes, oauthRoutes, hostRoutes, devRoutes]) {
    routes(app, ctx);
  }
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
  urlBox.url = `http://127.0.0.1:${address.port}`;
  outgoing.setAccountUrl(urlBox.url);

  return {
    url: urlBox.url,
    accountId: store.data.account.id,
    subdomain: store.data.account.subdomain,
    integration,
    longLivedToken: ctx.longLivedToken,
    users: store.data.users.map((u) => ({ id: u.id, name: u.name, role: u.role, group_id: u.group_id })),
    clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms), set: (ms) => clock.set(ms) },
    requests: () => [...requestLog],
    deliveries: () => [...outgoing.log],
    async close() {
      await outgoing.close();
      await app.close();
    },
  };
}

/** Random secrets for `npm run sandbox` when none are configured. */
export const randomSecret = (): string => randomBytes(32).toString('hex');

/** A scenario moved to another zone: amoCRM reports the zone's name and its current UTC offset. */
/** Every record the scenario stamped with its account id gets the given one. */
function withAccount(data: StoreData, account: SandboxOptions['account']): StoreData {
  if (account === undefined) return data;
  const restamp = <T extends { account_id: number }>(rows: Map<number, T>): Map<number, T> =>
    new Map([...rows].map(([id, row]) => [id, { ...row, account_id: account.id }]));
  return {
    ...data,
    account: { ...data.account, id: account.id, subdomain: account.subdomain },
    pipelines: data.pipelines.map((pipeline) => ({
      ...pipeline, account_id: account.id,
      _embedded: { statuses: pipeline._embedded.statuses.map((status) => ({ ...status, account_id: account.id })) },
    })),
    leads: restamp(data.leads), tasks: restamp(data.tasks), contacts: restamp(data.contacts), notes: restamp(data.notes),
    events: data.events.map((event) => ({ ...event, account_id: account.id })),
  };
}

function withTimezone(data: StoreData, timezone: string | undefined): StoreData {
  if (timezone === undefined) return data;
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
    .formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
  return { ...data, account: { ...data.account, timezone, timezoneOffset: offset } };
}
