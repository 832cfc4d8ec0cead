/** Builders shared by the service tests: environment, one-time tokens, a fake amoCRM directory. */
import { SignJWT } from 'jose';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { AccountId, GroupId, TaskTypeId, UserId } from '../../src/core/brand';
import type { AmoUser, UserGroup } from '../../src/core/domain';
import type { AmoAdmin, AmoAdminFactory } from '../../src/service/accounts/amo-access';
import { upsertConnectedAccount, type AccountsDb } from '../../src/service/accounts/repository';
import { buildApp, type AppDeps } from '../../src/service/app';
import { parseEnv, type Env } from '../../src/service/env';

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
export function fakeAmo(accounts: FakeAccount[]) {
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

/** An app over `db` with the fake accounts connected by long-lived tokens. */
export async function buildTestApp(db: AccountsDb, accounts: FakeAccount[], deps: Partial<AppDeps> = {}): Promise<{ app: FastifyInstance; amo: ReturnType<typeof fakeAmo> }> {
  const amo = fakeAmo(accounts);
  const app = await buildApp({ env: buildEnv(), db, logger: pino({ level: 'silent' }), amoFor: amo.factory, ...deps });
  for (const account of accounts) {
    const record = await upsertConnectedAccount(db, { id: account.id as AccountId, subdomain: account.subdomain, baseUrl: account.baseUrl }, new Date());
    await app.accounts.tokens.store(record.id, { kind: 'long_lived', accessToken: `llt-${account.subdomain}-0123456789` });
  }
  return { app, amo };
}

export async function authHeaders(accountId: number, userId: number): Promise<Record<string, string>> {
  return { 'x-auth-token': await signOneTimeToken({ account_id: accountId, user_id: userId }) };
}
