import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import type { IssuedTokens, OAuthClient } from '../../src/service/accounts/oauth-client';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { createTokenCipher, TokenDecryptError } from '../../src/service/accounts/token-cipher';
import { createTokenManager, type TokenManager } from '../../src/service/accounts/tokens';
import type { AccountsDb } from '../../src/service/accounts/repository';
import { forEachStore } from '../support/service-store';

const ACCOUNT = 31000001 as AccountId;
const BASE_URL = 'https://demo.amocrm.ru';
const key = (fill: number) => Buffer.alloc(32, fill);

describe('token cipher', () => {
  const cipher = createTokenCipher([key(1)]);

  it('round-trips and never stores the plaintext', () => {
    const stored = cipher.encrypt('secret-access-token', 'account:1:access');
    expect(stored).not.toContain('secret-access-token');
    expect(cipher.decrypt(stored, 'account:1:access')).toBe('secret-access-token');
  });

  it('refuses a ciphertext moved to another row or field', () => {
    const stored = cipher.encrypt('token', 'account:1:access');
    expect(() => cipher.decrypt(stored, 'account:2:access')).toThrow(TokenDecryptError);
    expect(() => cipher.decrypt(stored, 'account:1:refresh')).toThrow(TokenDecryptError);
  });

  it('refuses a tampered ciphertext', () => {
    const parts = cipher.encrypt('token', 'ctx').split('.');
    const body = Buffer.from(parts[4] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'ctx')).toThrow(TokenDecryptError);
  });

  it('decrypts with a previous key after rotation and encrypts with the new one', () => {
    const old = cipher.encrypt('token', 'ctx');
    const rotated = createTokenCipher([key(2), key(1)]);
    expect(rotated.decrypt(old, 'ctx')).toBe('token');
    expect(() => cipher.decrypt(rotated.encrypt('token', 'ctx'), 'ctx')).toThrow(/not in the key ring/);
  });
});

/** A fake amoCRM token endpoint that rotates refresh tokens and counts calls. */
function fakeOAuth(clock: { now: number }, options: { delayMs?: number; lifetimeMs?: number } = {}) {
  let generation = 0;
  const state = { refreshCalls: 0, validRefreshToken: 'refresh-0' };
  const issue = (): IssuedTokens => {
    generation += 1;
    state.validRefreshToken = `refresh-${generation}`;
    return { accessToken: `access-${generation}`, refreshToken: state.validRefreshToken, expiresAt: (clock.now + (options.lifetimeMs ?? 86_400_000)) as EpochMs };
  };
  const oauth: OAuthClient = {
    exchangeCode: async () => issue(),
    refresh: async (_baseUrl, refreshToken) => {
      state.refreshCalls += 1;
      if (refreshToken !== state.validRefreshToken) throw new Error(`refresh token ${refreshToken} was already used`);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 20));
      return issue();
    },
  };
  return { oauth, state };
}

forEachStore('token manager', (fixture) => {
  const clock = { now: Date.UTC(2026, 10, 2, 9, 0) };
  const cipher = createTokenCipher([key(9)]);
  const manager = (oauth: OAuthClient, db: AccountsDb = fixture.store().db): TokenManager =>
    createTokenManager({ db, cipher, oauth, clock: { now: () => clock.now as EpochMs }, pollMs: 5 });

  beforeEach(async () => {
    await upsertConnectedAccount(fixture.store().db, { id: ACCOUNT, subdomain: 'demo', baseUrl: BASE_URL }, new Date(clock.now));
  });

  async function connectWith(tokens: TokenManager, expiresInMs: number): Promise<void> {
    await tokens.store(ACCOUNT, { kind: 'oauth', accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: clock.now + expiresInMs });
  }

  it('keeps tokens encrypted at rest', async () => {
    const tokens = manager(fakeOAuth(clock).oauth);
    await connectWith(tokens, 3_600_000);
    const row = await fixture.store().db.selectFrom('account_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.access_token).not.toContain('access-0');
    expect(row.refresh_token).not.toContain('refresh-0');
    expect(row.access_token).toMatch(/^v1\./);
    expect(await tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).toBe('access-0');
  });

  it('refreshes a token about to expire and persists the rotated refresh token', async () => {
    const { oauth, state } = fakeOAuth(clock);
    const tokens = manager(oauth);
    await connectWith(tokens, 60_000);
    const source = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    clock.now += 55_000; // inside the last 10% of its 60-second life
    expect(await source.accessToken()).toBe('access-1');
    // A second manager (another instance, or a restart) reads the rotated pair from the store.
    const restarted = manager(oauth);
    expect(await restarted.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).toBe('access-1');
    clock.now += 86_400_000;
    expect(await restarted.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).toBe('access-2');
    expect(state.refreshCalls).toBe(2);
  });

  it('makes one token request for concurrent refreshes, in one process and across instances', async () => {
    const { oauth, state } = fakeOAuth(clock, { delayMs: 50 });
    const instanceA = manager(oauth);
    const instanceB = manager(oauth, (await fixture.openSibling()).db);
    await connectWith(instanceA, 10_000);
    clock.now += 9_500;
    const sources = [instanceA, instanceA, instanceB, instanceB].map((tokens) => tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }));
    const results = await Promise.all(sources.map((source) => source.accessToken()));
    expect(results).toEqual(['access-1', 'access-1', 'access-1', 'access-1']);
    expect(state.refreshCalls).toBe(1);
  });

  it('serves a token expiring mid-run with a single refresh and no failed call', async () => {
    const { oauth, state } = fakeOAuth(clock);
    const tokens = manager(oauth);
    await connectWith(tokens, 30 * 60_000);
    const source = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    const seen: string[] = [];
    for (let minute = 0; minute < 60; minute += 1) {
      seen.push(await source.accessToken());
      clock.now += 60_000;
    }
    expect(state.refreshCalls).toBe(1);
    expect(new Set(seen)).toEqual(new Set(['access-0', 'access-1']));
  });

  it('answers a 401 with a newer token once, even when several callers saw the 401', async () => {
    const { oauth, state } = fakeOAuth(clock);
    const tokens = manager(oauth);
    await connectWith(tokens, 3_600_000);
    const first = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    const second = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    const refused = await first.accessToken();
    await second.accessToken();
    expect(await Promise.all([first.refresh(refused), second.refresh(refused)])).toEqual(['access-1', 'access-1']);
    expect(state.refreshCalls).toBe(1);
  });

  // Issue 15, defect 3: a request that queued with the old token and meets its 401 after the one
  // refresh already finished must get the new token, not start a second refresh.
  it('refreshes once per expiry across the queue: a 401 on a token already replaced starts no refresh', async () => {
    const { oauth, state } = fakeOAuth(clock);
    const tokens = manager(oauth);
    await connectWith(tokens, 3_600_000);
    const source = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    const queuedEarly = await source.accessToken();
    expect(await source.refresh(queuedEarly)).toBe('access-1');
    expect(await source.accessToken()).toBe('access-1');
    // Later the queued requests that went out with the old token meet their 401s, one by one.
    for (let i = 0; i < 5; i += 1) expect(await source.refresh(queuedEarly)).toBe('access-1');
    expect(await tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).refresh(queuedEarly)).toBe('access-1');
    expect(state.refreshCalls).toBe(1);
  });

  // Issue 15, defect 5: with tokens shorter than the 5-minute window every call refreshed.
  it('refreshes ahead by 10% of a short token\'s lifetime, not on every call', async () => {
    const { oauth, state } = fakeOAuth(clock, { lifetimeMs: 120_000 });
    const tokens = manager(oauth);
    await connectWith(tokens, 120_000);
    const source = tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL });
    const seen: string[] = [];
    for (let call = 0; call < 21; call += 1) {
      seen.push(await source.accessToken());
      clock.now += 5_000; // 21 calls over the first 100 s, all before the last 12 s (10%)
    }
    expect(state.refreshCalls).toBe(0);
    expect(new Set(seen)).toEqual(new Set(['access-0']));
    clock.now = clock.now - 5_000 + 10_000; // t = 110 s: 10 s left, inside the window
    expect(await source.accessToken()).toBe('access-1');
    expect(state.refreshCalls).toBe(1);
  });

  it('releases the lease when amoCRM refuses, so a later refresh can run', async () => {
    const { oauth, state } = fakeOAuth(clock);
    const tokens = manager({ ...oauth, refresh: async () => { state.refreshCalls += 1; throw new Error('network down'); } });
    await connectWith(tokens, 10_000);
    clock.now += 9_500;
    await expect(tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).rejects.toThrow('network down');
    const recovered = manager(oauth);
    expect(await recovered.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).toBe('access-1');
  });

  it('forgets the tokens of a disconnected account', async () => {
    const tokens = manager(fakeOAuth(clock).oauth);
    await connectWith(tokens, 3_600_000);
    await tokens.forget(ACCOUNT);
    await expect(tokens.sourceFor({ id: ACCOUNT, baseUrl: BASE_URL }).accessToken()).rejects.toThrow(/not connected/);
  });
});

