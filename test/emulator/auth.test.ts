import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { bearerClient, dev, field, NOW, sessionClient } from './test-support';

let sb: Sandbox | undefined;
afterEach(async () => { await sb?.close(); sb = undefined; });

const REDIRECT = 'https://service.example.com/amo/oauth';

async function exchange(s: Sandbox, body: Record<string, string>) {
  const res = await fetch(`${s.url}/oauth2/access_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe('OAuth 2.0', () => {
  it('exchanges a code once, refreshes with rotation and rejects the old refresh token', async () => {
    sb = await startSandbox({ scenario: 'empty', now: NOW, integration: { redirect_uri: REDIRECT } });
    const { client_id, client_secret } = sb.integration;
    const { code } = (await dev(sb, 'POST', '/oauth/code', {})) as { code: string };
    const first = await exchange(sb, { client_id, client_secret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    expect(field(first.json, 'token_type')).toBe('Bearer');
    expect(field(first.json, 'expires_in')).toBe(86400);
    const access = field<string>(first.json, 'access_token');
    const refresh = field<string>(first.json, 'refresh_token');
    expect((await bearerClient(sb, access)('GET', '/api/v4/account')).status).toBe(200);

    const reused = await exchange(sb, { client_id, client_secret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(reused.status).toBe(400);

    const second = await exchange(sb, { client_id, client_secret, grant_type: 'refresh_token', refresh_token: refresh, redirect_uri: REDIRECT });
    expect(second.status).toBe(200);
    expect(field(second.json, 'refresh_token')).not.toBe(refresh);
    const again = await exchange(sb, { client_id, client_secret, grant_type: 'refresh_token', refresh_token: refresh, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
  });

  it('answers 401 once an access token expired, and a code after 20 minutes is refused', async () => {
    sb = await startSandbox({ scenario: 'empty', now: NOW, integration: { redirect_uri: REDIRECT } });
    const { client_id, client_secret } = sb.integration;
    const { code } = (await dev(sb, 'POST', '/oauth/code', {})) as { code: string };
    const tokens = await exchange(sb, { client_id, client_secret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    const call = bearerClient(sb, field<string>(tokens.json, 'access_token'));
    expect((await call('GET', '/api/v4/account')).status).toBe(200);
    await dev(sb, 'POST', '/tokens/expire', {});
    const expired = await call('GET', '/api/v4/account');
    expect(expired.status).toBe(401);
    expect(expired.contentType).toContain('application/problem+json');
    expect((await bearerClient(sb)('GET', '/api/v4/account')).status).toBe(200); // the long-lived token is kept

    const late = (await dev(sb, 'POST', '/oauth/code', {})) as { code: string };
    sb.clock.advance(20 * 60 * 1000 + 1000);
    expect((await exchange(sb, { client_id, client_secret, grant_type: 'authorization_code', code: late.code, redirect_uri: REDIRECT })).status).toBe(400);
  });

  it('rejects a wrong client secret with 401', async () => {
    sb = await startSandbox({ scenario: 'empty', now: NOW });
    const { code } = (await dev(sb, 'POST', '/oauth/code', {})) as { code: string };
    const res = await exchange(sb, { client_id: sb.integration.client_id, client_secret: 'nope', grant_type: 'authorization_code', code, redirect_uri: sb.integration.redirect_uri });
    expect(res.status).toBe(401);
  });
});

describe('one-time token', () => {
  it('is an HS256 JWT signed with the client secret carrying the documented claims', async () => {
    sb = await startSandbox({ scenario: 'small', now: NOW, integration: { redirect_uri: REDIRECT } });
    const manager = sb.users.find((u) => u.role === 'manager');
    if (!manager) throw new Error('no manager');
    const login = await fetch(`${sb.url}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: manager.id }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { token } = (await (await fetch(`${sb.url}/_emulator/one-time-token`, { headers: { cookie } })).json()) as { token: string };
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(sb.integration.client_secret), {
      audience: 'https://service.example.com', issuer: sb.url, currentDate: new Date(sb.clock.now()),
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ account_id: sb.accountId, user_id: manager.id, subdomain: 'demo', client_uuid: sb.integration.client_id, is_admin: false });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(1800);
    await expect(jwtVerify(token, new TextEncoder().encode('another secret'))).rejects.toThrow();
  });
});

describe('rate limits', () => {
  it('answers 429 with a non-JSON body past 7 requests per second for one integration', async () => {
    sb = await startSandbox({ scenario: 'empty', now: NOW });
    const call = bearerClient(sb);
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await call('GET', '/api/v4/account'));
    expect(answers.slice(0, 7).every((a) => a.status === 200)).toBe(true);
    const throttled = answers[7];
    expect(throttled?.status).toBe(429);
    expect(throttled?.contentType).toContain('text/html');
    expect(() => JSON.parse(throttled?.text ?? '')).toThrow();
    // The window is read on the sandbox clock: a second later the budget is back.
    sb.clock.advance(1000);
    expect((await call('GET', '/api/v4/account')).status).toBe(200);
  });

  it('shares 50 requests per second across the whole account', async () => {
    sb = await startSandbox({ scenario: 'empty', now: NOW, rateLimit: { perIntegration: 7, perAccount: 10 } });
    const admin = sb.users.find((u) => u.role === 'admin');
    const session = await sessionClient(sb, admin?.id ?? 0);
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await session('GET', '/api/v4/account')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses[10]).toBe(429);
    expect(sb.requests().filter((r) => r.status === 429 && r.auth === 'session')).toHaveLength(1);
  });
});
