import { SignJWT } from 'jose';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOneTimeTokenVerifier } from '../../src/service/auth/one-time-token';
import { resolveRole } from '../../src/service/auth/roles';
import type { GroupId } from '../../src/core/brand';
import { CLIENT_SECRET, DEMO, OTHER, SERVICE_ORIGIN, signOneTimeToken, startServiceHarness, user, type FakeAmoHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';


describe('one-time token verification', () => {
  const verify = createOneTimeTokenVerifier({ secret: CLIENT_SECRET, audiences: [SERVICE_ORIGIN], clock: { now: () => NOW } });

  it('accepts a valid token and reads account and user', async () => {
    const result = await verify(await signOneTimeToken({ account_id: 31000001, user_id: 7 }, NOW));
    expect(result).toMatchObject({ ok: true, claims: { accountId: 31000001, userId: 7, subdomain: 'demo' } });
  });

  it.each([
    ['expired', { expiresInSec: -120 }],
    ['audience', { aud: 'https://evil.example' }],
    ['signature', { secret: 'another-integration-secret' }],
    ['claims', { user_id: 'nobody' }],
    ['claims', { account_id: -5 }],
  ] as const)('rejects a token as %s', async (reason, claims) => {
    expect(await verify(await signOneTimeToken(claims, NOW))).toEqual({ ok: false, reason });
  });

  it('tolerates small clock skew but not a token from the future', async () => {
    expect((await verify(await signOneTimeToken({ notBeforeSec: 20 }, NOW))).ok).toBe(true);
    expect(await verify(await signOneTimeToken({ notBeforeSec: 600 }, NOW))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses other algorithms, including an unsigned token', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ account_id: 1, user_id: 1, aud: SERVICE_ORIGIN, exp: NOW / 1000 + 60 })).toString('base64url')}.`;
    expect((await verify(unsigned)).ok).toBe(false);
    const hs512 = await new SignJWT({ account_id: 1, user_id: 1 }).setProtectedHeader({ alg: 'HS512' }).setAudience(SERVICE_ORIGIN)
      .setExpirationTime(NOW / 1000 + 60).sign(new TextEncoder().encode(CLIENT_SECRET));
    expect((await verify(hs512)).ok).toBe(false);
  });
});

describe('roles', () => {
  const heads = [{ groupId: 10, userIds: [3] }, { groupId: 20, userIds: [3] }];
  it('resolves admin, head with their groups, manager, and nobody for deactivated or unknown users', () => {
    expect(resolveRole(user(1, { isAdmin: true }), heads)).toEqual({ kind: 'admin' });
    expect(resolveRole(user(3), heads)).toEqual({ kind: 'head', groupIds: [10, 20] });
    expect(resolveRole(user(4, { groupId: 10 as GroupId }), heads)).toEqual({ kind: 'manager', groupId: 10 });
    expect(resolveRole(user(5, { isActive: false, isAdmin: true }), heads)).toBeNull();
    expect(resolveRole(undefined, heads)).toBeNull();
  });
});

/** Deterministic generator (tests must not depend on Math.random). */
function* forgedTokens(count: number): Generator<Promise<string | undefined>> {
  const valid = () => signOneTimeToken({ account_id: DEMO.id, user_id: 1 });
  const makers: Array<(index: number) => Promise<string | undefined>> = [
    () => signOneTimeToken({ account_id: DEMO.id, user_id: 1, expiresInSec: -3600 }),
    () => signOneTimeToken({ account_id: DEMO.id, user_id: 1, secret: 'wrong-secret-wrong-secret' }),
    () => signOneTimeToken({ account_id: DEMO.id, user_id: 1, aud: 'https://attacker.example' }),
    () => signOneTimeToken({ account_id: 999_999_999, user_id: 1 }),
    () => signOneTimeToken({ account_id: OTHER.id + 1000, user_id: 1 }),
    () => signOneTimeToken({ account_id: DEMO.id, user_id: 424242 }),
    () => signOneTimeToken({ account_id: 'x', user_id: [] }),
    async (index) => (await valid()).slice(0, 20 + (index % 40)),
    async (index) => `${(await valid()).slice(0, -4)}${'abcd'.slice(index % 4)}AAAA`.slice(0, -(index % 3)),
    async (index) => 'a.b.c'.repeat(1 + (index % 5)),
    async () => '',
    async () => undefined,
    async (index) => 'x'.repeat(9000 + index),
    async (index) => `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ account_id: DEMO.id, user_id: 1, aud: SERVICE_ORIGIN, exp: 4e9 + index })).toString('base64url')}.`,
    async (index) => `Bearer ${index}`,
    async (index) => String.fromCharCode(...Array.from({ length: 30 }, (_, i) => 33 + ((index * 7 + i * 13) % 90))),
  ];
  for (let index = 0; index < count; index += 1) {
    const make = makers[index % makers.length];
    if (make !== undefined) yield make(index);
  }
}

const ROUTES = [
  { method: 'GET', url: '/api/v1/me' },
  { method: 'GET', url: '/api/v1/config' },
  { method: 'PUT', url: '/api/v1/config', payload: { version: 0, config: { heads: [] } } },
  { method: 'POST', url: '/api/v1/account/disconnect' },
  { method: 'POST', url: '/api/v1/account/long-lived-token', payload: { token: 'x'.repeat(40) } },
] as const;

forEachStore('forged tokens against the app', (fixture) => {
  let app: FastifyInstance;
  let amoCalls: FakeAmoHarness['amoCalls'];

  beforeEach(async () => {
    ({ app, amoCalls } = await startServiceHarness(fixture.store(), { accounts: [DEMO, OTHER] }));
  });
  afterEach(async () => app.close());

  it('answers 520 forged, expired, wrong-account, wrong-signature, wrong-aud and malformed tokens with 4xx and writes nothing', async () => {
    const { db } = fixture.store();
    const snapshot = async () => ({
      accounts: await db.selectFrom('accounts').selectAll().orderBy('id').execute(),
      tokens: await db.selectFrom('account_tokens').selectAll().orderBy('account_id').execute(),
      configs: await db.selectFrom('account_configs').selectAll().execute(),
    });
    const before = await snapshot();
    const statuses = new Map<number, number>();
    let index = 0;
    for (const pending of forgedTokens(520)) {
      const token = await pending;
      const route = ROUTES[index % ROUTES.length] ?? ROUTES[0];
      index += 1;
      const response = await app.inject({
        method: route.method, url: route.url,
        headers: token === undefined ? {} : { 'x-auth-token': token },
        ...('payload' in route ? { payload: route.payload } : {}),
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(statuses.get(401)).toBeGreaterThan(400);
    // The one unknown-user case passes the signature but gets no role.
    expect(statuses.get(403)).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
    expect(amoCalls.filter((call) => call.call !== 'listUsers' && call.call !== 'getAccount')).toEqual([]);
  });
});
