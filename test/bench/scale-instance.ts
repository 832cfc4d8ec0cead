/**
 * One service instance of `npm run bench:scale`, in its own process: the service started exactly
 * as src/service/main.ts starts it (parseEnv + startService, graceful stop on SIGTERM), plus the
 * bench's accounts connected with their long-lived tokens — main.ts connects at most one account
 * (AMO_LONG_LIVED_TOKEN), while one deployment serves many. Connecting writes the account, its
 * encrypted tokens and its webhook subscription to the shared database and amoCRM, so only the
 * first instance is given SCALE_CONNECT; the others find the accounts there.
 * Env: the service's variables, SCALE_CONNECT (optional JSON [{ url, token }]).
 * Prints `READY <url>` once listening and connected.
 */
import { connectWithLongLivedToken } from '../../src/service/accounts/connection';
import { parseEnv } from '../../src/service/env';
import { startService } from '../../src/service/server';
import { exitOnStopSignals } from '../../src/service/stop-signals';

const env = parseEnv(process.env);
const service = await startService(env);
const accounts = JSON.parse(process.env.SCALE_CONNECT ?? '[]') as Array<{ url: string; token: string }>;
for (const account of accounts) await connectWithLongLivedToken(service.app.accounts.connection, account.url, account.token);
exitOnStopSignals(() => service.close(), { hardExitMs: env.SHUTDOWN_GRACE_MS + 5_000 });
process.stdout.write(`READY ${service.url}\n`);
