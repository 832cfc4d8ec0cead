/**
 * The one way to start the service for a test: `startServiceHarness(store, options)` builds the
 * app over the test's store (from `forEachStore`, ./service-store.ts) with amoCRM either answered
 * in memory by fake accounts (who the account is, its users: enough for routes and roles) or
 * played by a sandbox started for the test (deals, tasks, notes, OAuth). Options add features, a
 * job runner, a fixed clock and env overrides. Also here: the test environment, one-time tokens,
 * and the fake accounts.
 */
import { SignJWT } from 'jose';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { createAmoClient, type AmoClient } from '../../src/amo/client';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import type { AccountId, EpochMs, GroupId, TaskTypeId, UserId } from '../../src/core/brand';
import type { AmoUser, UserGroup } from '../../src/core/domain';
import type { AmoAdmin, AmoAdminFactory } from '../../src/service/accounts/amo-access';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { buildApp, type AppDeps } from '../../src/service/app';
import { parseEnv, type Env } from '../../src/service/env';
import type { Feature } from '../../src/service/feature';
import { createJobRunner, type JobRunner } from '../../src/service/jobs/runner';
import type { Store } from '../../src/service/store/db';
import { startSandbox, type Sandbox, type SandboxOptions } from '../emulator/server';

export const CLIENT_SECRET = 'test-client-secret-0123456789';
export const SERVICE_ORIGIN = 'http://127.0.0.1:8790';

export function buildEnv(overrides: Record<string, string> = {}): Env {
  return parseEnv({
    PUBLIC_URL: SERVICE_ORIGIN,
    AMO_CLIENT_ID: 'test-client-id',
    AMO_CLIENT_SECRET: CLIENT_SECRET,
    AMO_REDIRECT_URI: `${SERVICE_ORIGIN}/oauth/callback`,
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    ALLOWED_ORIGINS: 'http://127.0.0.1:8780',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export interface TokenClaims {
  account_id?: unknown;
  user_id?: unknown;
  aud?: string;
  expiresInSec?: number;
  notBeforeSec?: number;
  secret?: string;
}

export async function signOneTimeToken(claims: TokenClaims = {}, nowMs = Date.now()): Promise<string> {
  const nowSec = Math.floor(nowMs / 1000);
  const payload: Record<string, unknown> = { account_id: claims.account_id ?? 31000001, user_id: claims.user_id ?? 1, subdomain: 'demo' };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('https://demo.amocrm.ru')
    .setAudience(claims.aud ?? SERVICE_ORIGIN)
    .setJti(crypto.randomUUID())
    .setIssuedAt(nowSec)
    .setNotBefore(nowSec + (claims.notBeforeSec ?? 0))
    .setExpirationTime(nowSec + (claims.expiresInSec ?? 1800))
    .sign(new TextEncoder().encode(claims.secret ?? CLIENT_SECRET));
}

export const user = (id: number, overrides: Partial<AmoUser> = {}): AmoUser => ({
  id: id as UserId, name: `User ${id}`, email: `u${id}@example.test`, isAdmin: false, isActive: true, groupId: 0 as GroupId, ...overrides,
});
export const group = (id: number): UserGroup => ({ id: id as GroupId, name: `Group ${id}` });

export interface FakeAccount { id: number; subdomain: string; baseUrl: string; users: AmoUser[]; groups: UserGroup[] }

/** A fake amoCRM per base URL: who the account is, its users, webhook calls recorded. */
function fakeAmo(accounts: FakeAccount[]) {
  const calls: Array<{ baseUrl: string; call: string; arg?: string }> = [];
  const factory: AmoAdminFactory = (baseUrl) => {
    const account = accounts.find((candidate) => candidate.baseUrl === baseUrl);
    if (account === undefined) throw new Error(`no fake amoCRM at ${baseUrl}`);
    const admin: AmoAdmin = {
      getAccount: async () => {
        calls.push({ baseUrl, call: 'getAccount' });
        return {
          id: account.id as AccountId, name: account.subdomain, subdomain: account.subdomain, currency: 'RUB', timezone: 'Europe/Moscow',
          isLossReasonEnabled: true, groups: account.groups, taskTypes: [{ id: 1 as TaskTypeId, name: 'Call', color: null }], currentUserId: 1 as UserId,
        };
      },
      listUsers: async () => {
        calls.push({ baseUrl, call: 'listUsers' });
        return account.users;
      },
      subscribeWebhook: async (destination, settings) => {
        calls.push({ baseUrl, call: 'subscribeWebhook', arg: destination });
        return { id: 1, destination, settings, disabled: false };
      },
      unsubscribeWebhook: async (destination) => {
        calls.push({ baseUrl, call: 'unsubscribeWebhook', arg: destination });
      },
    };
    return admin;
  };
  return { factory, calls };
}

export const DEMO: FakeAccount = {
  id: 31000001, subdomain: 'demo', baseUrl: 'https://demo.amocrm.ru',
  users: [user(1, { isAdmin: true }), user(2, { isAdmin: true }), user(3, { groupId: 10 as GroupId }), user(4, { groupId: 10 as GroupId }), user(5, { isActive: false })],
  groups: [group(10), group(20)],
};
export const OTHER: FakeAccount = {
  id: 31000002, subdomain: 'other', baseUrl: 'https://other.amocrm.ru',
  users: [user(1, { isAdmin: true }), user(7)],
  groups: [group(30)],
};

export interface HarnessOptions {
  /** The fake amoCRM accounts, connected with long-lived tokens (default `[DEMO]`); unused with `sandbox`. */
  accounts?: FakeAccount[];
  /** Play amoCRM with a sandbox started for the test instead; its account is connected. */
  sandbox?: SandboxConnection;
  /** Product features; a function when a feature needs the app (built after it) for its amoCRM clients. */
  features?: Feature[] | ((app: () => FastifyInstance) => Feature[]);
  /** Give the app a job runner polling every 50 ms (always with `sandbox`). */
  jobs?: boolean;
  /** Run that job runner on `now` too (default: the real clock). */
  jobsOnHarnessClock?: boolean;
  /** That job runner's attempt timeout and lease (default the runner's: 60 s, +15 s). */
  jobTimeouts?: { timeoutMs: number; leaseMs: number };
  /** The app's clock, and the time one-time tokens are signed at (default: the real clock). */
  now?: () => number;
  /** Overrides of the test environment (`buildEnv`). */
  env?: Record<string, string>;
  /** Anything else `buildApp` takes (a logger, shutdown steps). */
  deps?: Partial<AppDeps>;
}

export interface SandboxConnection extends Pick<SandboxOptions, 'scenario' | 'now' | 'timezone'> {
  /** Connect with OAuth tokens the sandbox issues (they expire and refresh) instead of the long-lived token. */
  oauth?: boolean;
  /** With `oauth`: the lifetime of every access token the sandbox issues (its developer API). */
  tokenTtlSeconds?: number;
  /** A sandbox the suite already runs (it stays running on close) instead of a new one. */
  running?: Sandbox;
}

interface ServiceHarness {
  app: FastifyInstance;
  /** Present when asked for (`jobs`), and always with a sandbox. */
  jobs: JobRunner | undefined;
  /** The first connected account (the sandbox's, with a sandbox). */
  accountId: AccountId;
  /** A fresh one-time token of the user, in `accountId` unless another is named, signed at the harness clock. */
  headers(userId: number, accountId?: number): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface FakeAmoHarness extends ServiceHarness {
  /** The calls the fake accounts answered. */
  amoCalls: ReturnType<typeof fakeAmo>['calls'];
}

export interface SandboxHarness extends ServiceHarness {
  jobs: JobRunner;
  sandbox: Sandbox;
  /** The sandbox as a person acting in amoCRM (not the service's own client). */
  amo: AmoClient;
}

export async function startServiceHarness(store: Store, options: HarnessOptions & { sandbox: SandboxConnection }): Promise<SandboxHarness>;
export async function startServiceHarness(store: Store, options?: HarnessOptions): Promise<FakeAmoHarness>;
export async function startServiceHarness(store: Store, options: HarnessOptions = {}): Promise<FakeAmoHarness | SandboxHarness> {
  const clock = options.now ?? Date.now;
  const sandbox = options.sandbox === undefined ? undefined
    : options.sandbox.running ?? await startSandbox({ port: 0, scenario: 'small', seed: 1, now: Date.now(), ...pickSandboxOptions(options.sandbox) });
  const env = buildEnv(options.sandbox?.oauth === true && sandbox !== undefined ? {
    AMO_CLIENT_ID: sandbox.integration.client_id, AMO_CLIENT_SECRET: sandbox.integration.client_secret,
    AMO_REDIRECT_URI: sandbox.integration.redirect_uri, ...options.env,
  } : options.env);
  const jobs = options.jobs === true || sandbox !== undefined
    ? createJobRunner({
      db: store.db, pollIntervalMs: 50, ...options.jobTimeouts,
      ...(options.jobsOnHarnessClock === true ? { clock: { now: () => clock() as EpochMs } } : {}),
    })
    : undefined;
  const built: { app?: FastifyInstance } = {};
  const appRef = (): FastifyInstance => {
    if (built.app === undefined) throw new Error('app not built yet');
    return built.app;
  };
  const features = typeof options.features === 'function' ? options.features(appRef) : options.features;
  const fake = fakeAmo(options.accounts ?? [DEMO]);
  const app = await buildApp({
    env, db: store.db, logger: pino({ level: 'silent' }),
    ...(sandbox === undefined ? { amoFor: fake.factory } : {}),
    ...(features === undefined ? {} : { features }),
    ...(jobs === undefined ? {} : { jobs }),
    ...(options.now === undefined ? {} : { clock: { now: () => clock() as EpochMs } }),
    ...options.deps,
  });
  built.app = app;
  const connected = sandbox === undefined
    ? options.accounts ?? [DEMO]
    : [{ id: sandbox.accountId, subdomain: sandbox.subdomain, baseUrl: sandbox.url }];
  const firstAccount = connected[0]?.id ?? DEMO.id;
  const headers = async (userId: number, accountId: number = firstAccount) => ({
    // Signed with the integration's secret (the sandbox's with OAuth), at the app's time: a test that
    // pins the clock must not see its own tokens as not yet valid.
    'x-auth-token': await signOneTimeToken({ account_id: accountId, user_id: userId, secret: env.AMO_CLIENT_SECRET }, clock()),
  });
  for (const account of connected) {
    const record = await upsertConnectedAccount(store.db, { id: account.id as AccountId, subdomain: account.subdomain, baseUrl: account.baseUrl }, new Date());
    if (sandbox === undefined) await app.accounts.tokens.store(record.id, { kind: 'long_lived', accessToken: `llt-${account.subdomain}-0123456789` });
    else await connectSandbox(app, record.id, sandbox, options.sandbox ?? {});
  }
  const base = { app, accountId: firstAccount as AccountId, headers };
  if (sandbox === undefined) return { ...base, jobs, amoCalls: fake.calls, close: async () => { await app.close(); } };
  if (jobs === undefined) throw new Error('a sandbox harness always has a job runner');
  return {
    ...base, jobs, sandbox,
    amo: createAmoClient(createBearerTransport({ baseUrl: sandbox.url, tokens: staticToken(sandbox.longLivedToken) })),
    close: async () => {
      await app.close();
      if (options.sandbox?.running === undefined) await sandbox.close();
    },
  };
}

function pickSandboxOptions({ scenario, now, timezone }: SandboxConnection): SandboxOptions {
  return { ...(scenario === undefined ? {} : { scenario }), ...(now === undefined ? {} : { now }), ...(timezone === undefined ? {} : { timezone }) };
}

/** Stores the sandbox account's tokens: its long-lived token, or OAuth tokens from a code its developer API mints. */
async function connectSandbox(app: FastifyInstance, accountId: AccountId, sandbox: Sandbox, options: SandboxConnection): Promise<void> {
  if (options.oauth !== true) {
    await app.accounts.tokens.store(accountId, { kind: 'long_lived', accessToken: sandbox.longLivedToken });
    return;
  }
  if (options.tokenTtlSeconds !== undefined) {
    await fetch(`${sandbox.url}/_emulator/tokens/ttl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: options.tokenTtlSeconds }) });
  }
  const minted = await fetch(`${sandbox.url}/_emulator/oauth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { code } = (await minted.json()) as { code: string };
  await app.accounts.tokens.store(accountId, { kind: 'oauth', ...(await app.accounts.oauth.exchangeCode(sandbox.url, code)) });
}

export async function authHeaders(accountId: number, userId: number): Promise<Record<string, string>> {
  return { 'x-auth-token': await signOneTimeToken({ account_id: accountId, user_id: userId }) };
}

/** Does the real write, then "dies" the first time: the other side has it, the service never heard back. */
export function crashingOnce<F extends (...args: never[]) => Promise<unknown>>(write: F): F {
  let crashed = false;
  return (async (...args: Parameters<F>) => {
    const answer = await write(...args);
    if (!crashed) {
      crashed = true;
      throw new Error('simulated crash after the amoCRM write');
    }
    return answer;
  }) as F;
}
