/**
 * `startService(env)`: the whole companion service in this process — store (migrations run on
 * open), job runner, HTTP app with the webhook routes and every feature — listening and working.
 * main.ts (`npm run service`), scripts/start.ts (`npm start`), the e2e harness and benchmarks all
 * start it this one way, so what is tested is what runs.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { FetchLike } from '../amo/transport';
import type { Clock } from '../core/time/clock';
import { connectWithLongLivedToken } from './accounts/connection';
import { buildApp } from './app';
import { systemClock } from './clock';
import type { Env } from './env';
import { FEATURES } from './features';
import { loggerOptions } from './http/logging';
import { createJobRunner, type JobRunner } from './jobs/runner';
import { retentionPolicyFromEnv, startRetention } from './retention/retention';
import { openStore, type Store } from './store/db';
import { createInboxWriter } from './webhooks/inbox';
import { dpSecretOf, dpWebhookUrl } from './webhooks/dp-secret';
import { webhookRoutes } from './webhooks/routes';

export interface ServiceOptions {
  logger?: Logger;
  /**
   * The service's one clock, handed to the job runner, the webhook inbox, the app and every
   * feature; the e2e stack passes the sandbox's so idle timeouts can be driven.
   */
  clock?: Clock;
  fetch?: FetchLike;
}

export interface RunningService {
  /** Where it listens, e.g. http://127.0.0.1:8790 */
  url: string;
  app: FastifyInstance;
  jobs: JobRunner;
  store: Store;
  logger: Logger;
  /**
   * Graceful shutdown: stops taking requests and claiming jobs at once; running requests (webhook
   * acknowledgements) and jobs get SHUTDOWN_GRACE_MS to finish; jobs still running then are
   * released for the next start or another instance, open connections are cut; the store closes.
   * Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

export async function startService(env: Env, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? pino(loggerOptions(env.LOG_LEVEL));
  const clock = options.clock ?? systemClock;
  const store = await openStore({
    databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR,
    onConnectionLost: (error) => logger.warn({ err: error }, 'PostgreSQL ended a pooled connection; the next query opens a new one'),
  });
  logger.info({ store: store.kind }, 'store open');
  logger.info({ url: dpWebhookUrl(env.PUBLIC_URL, dpSecretOf(env)) }, 'Digital Pipeline webhook URL (build the archive with DP_WEBHOOK_URL set to it)');
  // The inbox writes on the store's priority lane and the runner gives way while it is busy, so
  // a burst of webhooks is acknowledged within amoCRM's 2 s even while jobs are running.
  let wakeJobs = (): void => {};
  const inbox = createInboxWriter({ db: store.priorityDb, parallel: store.priorityParallel, clock, onJobsCommitted: () => wakeJobs() });
  const jobs = createJobRunner({
    db: store.db, log: logger.child({ part: 'jobs' }), clock, yieldWhile: () => inbox.isBusy(), stopGraceMs: env.SHUTDOWN_GRACE_MS,
  });
  wakeJobs = () => jobs.wake();
  const stopRetention = startRetentionFor(env, store, clock, logger);
  const app = await buildApp({
    env, db: store.db, logger, clock, features: FEATURES, jobs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    registerWebhooks: async (instance) => {
      await instance.register(webhookRoutes, { store, jobs, inbox, logger: logger.child({ part: 'webhooks' }), clock, dpSecret: dpSecretOf(env) });
    },
    // Order matters: running jobs and a retention pass finish before the store they write to closes.
    onShutdown: [() => jobs.stop(), stopRetention, () => store.close()],
  });

  if (env.AMO_LONG_LIVED_TOKEN !== undefined && env.AMO_BASE_URL !== undefined) {
    const { account } = await connectWithLongLivedToken(app.accounts.connection, env.AMO_BASE_URL, env.AMO_LONG_LIVED_TOKEN);
    logger.info({ accountId: account.id }, 'connected with the long-lived token from the environment');
  }

  const address = await app.listen({ host: env.HOST, port: env.PORT });
  jobs.start();
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    // Jobs stop being claimed now, not only after the last request finished (onShutdown awaits
    // this same stop). Requests get the same grace; then their connections are cut.
    void jobs.stop();
    // A keep-alive connection whose request finishes during the grace period becomes idle only
    // then: close it as soon as it does, instead of waiting for the deadline.
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    const cutConnections = setTimeout(() => app.server.closeAllConnections(), env.SHUTDOWN_GRACE_MS);
    try {
      await app.close();
    } finally {
      clearInterval(closeIdle);
      clearTimeout(cutConnections);
    }
  };
  return { url: address, app, jobs, store, logger, close: () => (closing ??= close()) };
}

/**
 * Hourly retention pass (issue 13; the first one interval after start); returns its stop, which
 * shutdown awaits before the store closes. RETENTION_INTERVAL_MINUTES=0 turns it off.
 */
function startRetentionFor(env: Env, store: Store, clock: Clock, logger: Logger): () => Promise<void> {
  if (env.RETENTION_INTERVAL_MINUTES <= 0) return () => Promise.resolve();
  const log = logger.child({ part: 'retention' });
  const loop = startRetention({
    db: store.db, policy: retentionPolicyFromEnv(env), intervalMs: env.RETENTION_INTERVAL_MINUTES * 60_000, clock,
    onPass: (report) => log.info(report, 'retention pass'),
    onError: (error) => log.error({ err: error }, 'retention pass failed'),
  });
  return () => loop.stop();
}
