/**
 * `npm run service`: the companion service process for a real deployment. Parses the environment
 * (every bad variable named at once), starts the service (./server.ts), and on SIGTERM/SIGINT
 * stops taking requests, lets running requests and jobs finish, and closes the store.
 */
import { EnvError, parseEnv } from './env';
import { startService } from './server';

async function main(): Promise<void> {
  const service = await startService(parseEnv(process.env));
  service.logger.info({ url: service.url }, 'service listening');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    service.logger.info({ signal }, 'shutting down');
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  await main();
} catch (error) {
  // Before the logger exists (bad environment) stderr is the only channel an operator sees.
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
