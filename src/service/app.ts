/**
 * `buildApp(deps)`: the service's HTTP face — widget API, OAuth callback, health, metrics and the
 * webhook routes of the webhooks area — composed over one store. No I/O happens here until
 * `listen`; main.ts owns the process (env, store, signals).
 */
import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import type { FetchLike } from '../amo/transport';
import type { Clock } from '../core/time/clock';
import type { AmoAdminFactory } from './accounts/amo-access';
import type { AccountsDb } from './accounts/repository';
import { createAccountServices, type AccountServices } from './accounts/services';
import { audienceOf, createOneTimeTokenVerifier } from './auth/one-time-token';
import type { Env } from './env';
import { createOriginCheck } from './http/cors';
import { installErrorHandlers } from './http/errors';
import { loggerOptions } from './http/logging';
import { createMetricsRegistry, instrument, type MetricsRegistry } from './http/metrics';
import { registerApiRoutes } from './http/routes-api';
import { registerOAuthRoutes } from './http/routes-oauth';
import { createAuthenticator } from './auth/authenticate';
import { systemClock } from './clock';
import type { Feature, FeatureContext } from './feature';
import type { JobRunner } from './jobs/runner';

export interface AppDeps {
  env: Env;
  /** The store's Kysely instance (`Database` includes the accounts tables). */
  db: AccountsDb;
  logger?: Logger;
  fetch?: FetchLike;
  /** Replaces the amoCRM calls of connect/roles (tests). */
  amoFor?: AmoAdminFactory;
  /** The service's one clock (default: the system's); every part of the app reads time from it. */
  clock?: Clock;
  /** Registers the webhooks area's routes (POST /webhooks/amo/:secret, /webhooks/dp). */
  registerWebhooks?: (app: FastifyInstance, services: AccountServices) => void | Promise<void>;
  /** Product features (./features.ts): their routes and job handlers. */
  features?: readonly Feature[];
  /** The job runner features register handlers on; absent in route-only tests. */
  jobs?: JobRunner;
  /** Run in order when the app closes, after in-flight requests finished: e.g. stop jobs, close the store. */
  onShutdown?: Array<() => Promise<void>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountServices;
    metrics: MetricsRegistry;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { env, db } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino(loggerOptions(env.LOG_LEVEL));
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({ loggerInstance, bodyLimit: 256 * 1024, trustProxy: true, return503OnClosing: true });

  const services = createAccountServices({
    env, db, log: logger, clock,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    ...(deps.amoFor === undefined ? {} : { amoFor: deps.amoFor }),
  });
  const metrics = createMetricsRegistry();
  app.decorate('accounts', services);
  app.decorate('metrics', metrics);

  installErrorHandlers(app);
  instrument(app, metrics);

  const isAllowedOrigin = createOriginCheck(env.ALLOWED_ORIGINS, async (origin) => {
    const row = await db.selectFrom('accounts').select('id')
      .where('base_url', '=', origin).where('status', '=', 'connected').executeTakeFirst();
    return row !== undefined;
  });
  await app.register(cors, {
    origin: (origin, callback) => {
      if (origin === undefined) return callback(null, false);
      isAllowedOrigin(origin).then((allowed) => callback(null, allowed), () => callback(null, false));
    },
    methods: ['GET', 'PUT', 'POST'],
    allowedHeaders: ['X-Auth-Token', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  });

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  const verify = createOneTimeTokenVerifier({
    secret: env.AMO_CLIENT_SECRET,
    audiences: [...new Set([audienceOf(env.AMO_REDIRECT_URI), audienceOf(env.PUBLIC_URL)])],
    clock,
  });
  registerOAuthRoutes(app, { connection: services.connection, clientId: env.AMO_CLIENT_ID, allowedOrigins: env.ALLOWED_ORIGINS });
  registerApiRoutes(app, { db, services, verify, clock });
  if (deps.registerWebhooks !== undefined) await deps.registerWebhooks(app, services);

  const authenticate = createAuthenticator(verify, db);
  const featureContext: FeatureContext = {
    app, db, accounts: services, jobs: deps.jobs ?? null, clock, log: logger,
    authenticated: (register) => {
      app.register(async (api) => {
        api.decorateRequest('auth', null);
        api.addHook('preHandler', authenticate);
        await register(api);
      });
    },
  };
  for (const feature of deps.features ?? []) await feature.register(featureContext);

  app.addHook('onClose', async () => {
    for (const step of deps.onShutdown ?? []) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
  });
  return app;
}
