/**
 * The local stack: the amoCRM sandbox and the companion service, wired together the way a real
 * installation is — the service is the integration's redirect URI and the Digital Pipeline
 * webhook, and installing the widget in the sandbox sends the OAuth code to it. Used by
 * `npm start`, the e2e harness and the benchmarks, so all three run the same thing.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { startSandbox, type Sandbox, type SandboxOptions } from '../test/emulator/server';
import type { EpochMs } from '../src/core/brand';
import { parseEnv } from '../src/service/env';
import { startService, type RunningService } from '../src/service/server';
import { dpWebhookUrl } from '../src/service/webhooks/dp-secret';

export interface StackOptions {
  sandbox?: Omit<SandboxOptions, 'integration' | 'dpWebhookUrl'>;
  /** 0 = any free port. */
  servicePort?: number;
  /** PGlite folder; default in memory (`memory://`), gone on close. */
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Install and enable the widget as an admin would (sends the OAuth code to the service). */
  install?: boolean;
  /** The service follows the sandbox clock (so tests can move time for both). Default true. */
  sandboxClock?: boolean;
  /** The service's SHUTDOWN_GRACE_MS: a local stack has nothing worth waiting long for (default 2 s). */
  shutdownGraceMs?: number;
}

export interface Stack {
  sandbox: Sandbox;
  service: RunningService;
  serviceUrl: string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const port = options.servicePort && options.servicePort > 0 ? options.servicePort : await freePort();
  const serviceUrl = `http://127.0.0.1:${port}`;
  // The install's DP secret, as `npm run build` would stamp it into the archive's manifest.
  const dpSecret = randomBytes(24).toString('base64url');
  const sandbox = await startSandbox({
    ...options.sandbox,
    integration: { redirect_uri: `${serviceUrl}/oauth/callback` },
    dpWebhookUrl: dpWebhookUrl(serviceUrl, dpSecret),
  });
  let service: RunningService;
  try {
    const env = parseEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: serviceUrl,
      AMO_CLIENT_ID: sandbox.integration.client_id,
      AMO_CLIENT_SECRET: sandbox.integration.client_secret,
      AMO_REDIRECT_URI: sandbox.integration.redirect_uri,
      DATA_DIR: options.dataDir ?? 'memory://',
      DATABASE_URL: options.databaseUrl,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ALLOWED_ORIGINS: sandbox.url,
      LOG_LEVEL: options.logLevel ?? 'warn',
      SHUTDOWN_GRACE_MS: String(options.shutdownGraceMs ?? 2_000),
      DP_WEBHOOK_SECRET: dpSecret,
    });
    service = await startService(env, options.sandboxClock === false ? {} : { clock: { now: () => sandbox.clock.now() as EpochMs } });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const stack: Stack = {
    sandbox, service, serviceUrl,
    close: async () => {
      await service.close().catch(() => undefined);
      await sandbox.close();
    },
  };
  if (options.install !== false) {
    try {
      await installWidget(stack);
    } catch (error) {
      await stack.close();
      throw error;
    }
  }
  return stack;
}

/** What an admin does in Settings → Integrations: enable the widget with the service address. */
export async function installWidget(stack: Stack): Promise<void> {
  const admin = stack.sandbox.users.find((u) => u.role === 'admin');
  if (!admin) throw new Error('the sandbox scenario has no admin');
  const login = await fetch(`${stack.sandbox.url}/_emulator/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: admin.id }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) throw new Error(`admin session: HTTP ${login.status}`);
  const saved = await fetch(`${stack.sandbox.url}/_emulator/widget/settings`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ active: 'Y', fields: { service_url: stack.serviceUrl } }),
  });
  if (!saved.ok) throw new Error(`widget settings: HTTP ${saved.status} ${await saved.text()}`);
  // The code travels sandbox → service in the background, as in amoCRM: wait for the connection.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const row = await stack.service.store.db.selectFrom('accounts').select('status')
      .where('id', '=', stack.sandbox.accountId as never).executeTakeFirst();
    if (row?.status === 'connected') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts`.execute(stack.service.store.db);
  throw new Error(`the service did not connect the sandbox account within 15 s (accounts: ${count.rows[0]?.n ?? 0})`);
}
