/**
 * The OAuth connection against the real sandbox: widget install → code → tokens (encrypted) →
 * webhook registered → widget calls authenticated → refresh rotation → disconnect.
 */
import { createServer } from 'node:net';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import { findAccount } from '../../src/service/accounts/repository';
import { buildApp } from '../../src/service/app';
import { startSandbox, type Sandbox } from '../emulator/server';
import { buildEnv } from '../support/service-harness';
import { forEachStore } from '../support/service-store';

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const address = server.address();
    server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
  });
});

async function waitFor<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

forEachStore('OAuth connection with the sandbox', (fixture) => {
  let sandbox: Sandbox;
  let app: FastifyInstance;
  let serviceUrl: string;
  let adminCookie: string;
  let accountId: AccountId;

  const sandboxCall = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${sandbox.url}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie: adminCookie, 'x-requested-with': 'XMLHttpRequest', ...init.headers } });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const tokenCalls = () => sandbox.requests().filter((entry) => entry.path === '/oauth2/access_token').length;
  const oneTimeToken = async () => ((await sandboxCall('/_emulator/one-time-token')).body as { token: string }).token;
  const listWebhooks = async () => {
    const response = await fetch(`${sandbox.url}/api/v4/webhooks`, { headers: { authorization: `Bearer ${sandbox.longLivedToken}` } });
    if (response.status === 204) return [];
    return ((await response.json()) as { _embedded: { webhooks: Array<{ destination: string }> } })._embedded.webhooks;
  };

  const db = () => fixture.store().db;

  /** What an admin does in amoCRM: Save in the widget settings; amoCRM then sends the code to us. */
  const installWidget = async () => {
    const saved = await sandboxCall('/_emulator/widget/settings', { method: 'POST', body: JSON.stringify({ active: 'Y', fields: { service_url: serviceUrl } }) });
    expect(saved.status).toBe(200);
    return waitFor(async () => {
      const found = await findAccount(db(), accountId);
      return found?.status === 'connected' ? found : null;
    }, 'the account to connect');
  };

  beforeEach(async () => {
    const port = await freePort();
    serviceUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ port: 0, scenario: 'small', integration: { redirect_uri: `${serviceUrl}/oauth/callback` } });
    const env = buildEnv({
      PUBLIC_URL: serviceUrl,
      AMO_REDIRECT_URI: `${serviceUrl}/oauth/callback`,
      AMO_CLIENT_ID: sandbox.integration.client_id,
      AMO_CLIENT_SECRET: sandbox.integration.client_secret,
      ALLOWED_ORIGINS: sandbox.url,
    });
    // The service runs on the sandbox's clock, so "24 hours later" is one call away.
    app = await buildApp({ env, db: db(), logger: pino({ level: 'silent' }), clock: { now: () => sandbox.clock.now() as EpochMs } });
    await app.listen({ host: '127.0.0.1', port });
    const admin = sandbox.users.find((candidate) => candidate.role === 'admin');
    if (admin === undefined) throw new Error('scenario without an admin');
    const session = await fetch(`${sandbox.url}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: admin.id }) });
    adminCookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    accountId = sandbox.accountId as AccountId;
  });

  afterEach(async () => {
    await app.close();
    await sandbox.close();
  });

  it('connects when an admin installs the widget, with tokens encrypted and the webhook registered', async () => {
    const account = await installWidget();
    expect(account.baseUrl).toBe(sandbox.url);

    const raw = await db().selectFrom('account_tokens').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
    const accessToken = await app.accounts.tokens.peekAccessToken(accountId);
    expect(accessToken).not.toBeNull();
    expect(raw.access_token).not.toContain(accessToken ?? '-');
    expect(raw.kind).toBe('oauth');

    const webhooks = await waitFor(async () => {
      const hooks = await listWebhooks();
      return hooks.length > 0 ? hooks : null;
    }, 'the webhook subscription');
    expect(webhooks.map((hook) => hook.destination)).toEqual([`${serviceUrl}/webhooks/amo/${account.webhookSecret}`]);
  });

  it('authenticates the widget with the one-time token and resolves the admin role on the server', async () => {
    await installWidget();
    const response = await fetch(`${serviceUrl}/api/v1/me`, { headers: { 'x-auth-token': await oneTimeToken(), origin: sandbox.url } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(sandbox.url);
    const me = (await response.json()) as { account: { id: number }; role: { kind: string } };
    expect(me.account.id).toBe(sandbox.accountId);
    expect(me.role).toEqual({ kind: 'admin' });
  });

  it('rotates the refresh token once for concurrent refreshes and persists the new pair', async () => {
    const account = await installWidget();
    const before = tokenCalls();
    const first = app.accounts.tokens.sourceFor(account);
    const second = app.accounts.tokens.sourceFor(account);
    const old = await first.accessToken();
    await second.accessToken();
    const [a, b] = await Promise.all([first.refresh(old), second.refresh(old)]);
    expect(a).toBe(b);
    expect(a).not.toBe(old);
    expect(tokenCalls() - before).toBe(1);
    const row = await db().selectFrom('account_tokens').select('version').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    expect(row.version).toBe(2);
  });

  it('refreshes once when the access token expires mid-run, without a failed amoCRM call', async () => {
    const account = await installWidget();
    const amo = app.accounts.amoClientFor(account);
    const before = tokenCalls();
    const unauthorizedBefore = sandbox.requests().filter((entry) => entry.status === 401).length;
    for (let step = 0; step < 6; step += 1) {
      await amo.getAccount();
      sandbox.clock.advance(6 * 3_600_000); // 36 hours in all: past the 24-hour access token
    }
    expect(tokenCalls() - before).toBe(1);
    expect(sandbox.requests().filter((entry) => entry.status === 401).length).toBe(unauthorizedBefore);
  });

  it('disconnects: forgets the tokens, unsubscribes the webhook and refuses further calls', async () => {
    await installWidget();
    await waitFor(async () => ((await listWebhooks()).length === 1 ? true : null), 'the webhook subscription');
    const token = await oneTimeToken();
    const response = await fetch(`${serviceUrl}/api/v1/account/disconnect`, { method: 'POST', headers: { 'x-auth-token': token } });
    expect(response.status).toBe(200);
    expect((await findAccount(db(), accountId))?.status).toBe('disconnected');
    expect(await app.accounts.tokens.peekAccessToken(accountId)).toBeNull();
    expect(await listWebhooks()).toEqual([]);
    const after = await fetch(`${serviceUrl}/api/v1/me`, { headers: { 'x-auth-token': token } });
    expect(after.status).toBe(403);
  });
});
