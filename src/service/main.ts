/**
 * `npm run service`: the companion service process. Parses the environment, opens the store
 * (migrations run there), connects the env's long-lived token if given, listens, and on
 * SIGTERM/SIGINT stops taking requests, lets running ones and the jobs finish, closes the store.
 */
import pino from 'pino';
import type { AccountId } from '../core/brand';
import { connectWithLongLivedToken } from './accounts/connection';
import { buildApp } from './app';
import { FEATURES } from './features';
import { EnvError, parseEnv, type Env } from './env';
import { loggerOptions } from './http/logging';
import { createJobRunner } from './jobs/runner';
import { openStore } from './store/db';

async function main(env: Env): Promise<void> {
  const logger = pino(loggerOptions(env.LOG_LEVEL));
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  logger.info({ store: store.kind }, 'store open');
  const jobs = createJobRunner({ db: store.db, log: logger.child({ part: 'jobs' }) });
  // TODO(webhooks): pass `registerWebhooks` once src/service/webhooks lands.
  // Order matters on shutdown: running jobs finish before the store they write to closes.
  const app = await buildApp({ env, db: store.db, logger, features: FEATURES, jobs, onShutdown: [() => jobs.stop(), () => store.close()] });

  if (env.AMO_LONG_LIVED_TOKEN !== undefined && env.AMO_BASE_URL !== undefined) {
    const { account } = await connectWithLongLivedToken(app.accounts.connection, env.AMO_BASE_URL, env.AMO_LONG_LIVED_TOKEN);
    logger.info({ accountId: account.id satisfies AccountId }, 'connected with the long-lived token from the environment');
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  await app.listen({ host: env.HOST, port: env.PORT });
  jobs.start();
}

try {
  await main(parseEnv(process.env));
} catch (error) {
  // Before the logger exists (bad environment) stderr is the only channel an operator sees.
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
