/**
 * `npm run service`: the companion service process for a real deployment. Parses the environment
 * (every bad variable named at once), starts the service (./server.ts), and on SIGTERM/SIGINT shuts
 * down gracefully (RunningService.close: stop taking requests and jobs, SHUTDOWN_GRACE_MS for what
 * runs, release the rest, close the store); a second signal exits at once.
 */
import { EnvError, parseEnv } from './env';
import { startService } from './server';
import { exitOnStopSignals } from './stop-signals';

/** Beyond the grace period: closing connections and the store. Past it the process exits anyway. */
const CLOSE_MARGIN_MS = 5_000;

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const service = await startService(env);
  service.logger.info({ url: service.url }, 'service listening');
  exitOnStopSignals(async (signal) => {
    service.logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, 'shutting down');
    try {
      await service.close();
      service.logger.info('stopped');
    } catch (error) {
      service.logger.error({ err: error }, 'shutdown failed');
      throw error;
    }
  }, {
    hardExitMs: env.SHUTDOWN_GRACE_MS + CLOSE_MARGIN_MS,
    onForcedExit: (signal) => service.logger.warn({ signal }, 'second signal: exiting at once'),
  });
}

try {
  await main();
} catch (error) {
  // Before the logger exists (bad environment) stderr is the only channel an operator sees.
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
