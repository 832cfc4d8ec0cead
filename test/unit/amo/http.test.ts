import { describe, expect, it, vi } from 'vitest';
import {
  AmoAccessRejected, AmoAccountBlocked, AmoForbidden, AmoNetworkError, AmoNotFound, AmoRateLimited, AmoServerError, AmoUnauthorized, AmoValidationError,
} from '../../../src/amo/errors';
import { createRequestBudget } from '../../../src/amo/budget';
import { createHttp, type AmoAlarm } from '../../../src/amo/http';
import { RenewalRefused } from '../../../src/amo/transport';
import { bearerTransport, flush, isolatedOptions, json, ManualClock, noContent, problem, recordingSleep, sessionTransport, text } from './fakes';

const page = (items: unknown[], next?: string) => json({ _page: 1, _links: { self: { href: 'x' }, ...(next ? { next: { href: next } } : {}) }, _embedded: { leads: items } });

async function collect(it: AsyncIterable<unknown[]>): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('paging', () => {
  it('follows _links.next until it is absent, on our own base URL', async () => {
    const { transport, sent } = bearerTransport((req) => {
      if (req.path.includes('page=2')) return page([{ id: 3 }]);
      return page([{ id: 1 }, { id: 2 }], 'https://elsewhere.example/api/v4/leads?limit=250&page=2');
    });
    const pages = await collect(createHttp(transport, isolatedOptions()).pages('/api/v4/leads', 'leads', { query: { limit: 250 } }));
    expect(pages).toEqual([[{ id: 1 }, { id: 2 }], [{ id: 3 }]]);
    expect(sent.map((r) => r.url)).toEqual([
      'https://demo.amocrm.ru/api/v4/leads?limit=250',
      'https://demo.amocrm.ru/api/v4/leads?limit=250&page=2',
    ]);
  });

  it('treats 204 No Content as an empty list', async () => {
    const { transport, sent } = sessionTransport(() => noContent());
    const pages = await collect(createHttp(transport, isolatedOptions()).pages('/api/v4/leads', 'leads'));
    expect(pages).toEqual([]);
    expect(sent).toHaveLength(1);
  });
});

describe('session transport', () => {
  it('sends the cookie and X-Requested-With to the same origin', async () => {
    const { transport, sent } = sessionTransport(() => json({ id: 1 }));
    await createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account');
    expect(sent[0]).toMatchObject({ url: '/api/v4/account', credentials: 'include' });
    expect(sent[0]?.headers['X-Requested-With']).toBe('XMLHttpRequest');
    expect(sent[0]?.headers.Authorization).toBeUndefined();
  });

  it('does not retry a 401: the user is logged out', async () => {
    const { transport, sent } = sessionTransport(() => problem(401));
    await expect(createHttp(transport, isolatedOptions()).request('GET', '/api/v4/leads')).rejects.toBeInstanceOf(AmoUnauthorized);
    expect(sent).toHaveLength(1);
  });
});

/** A token store like the service's: one current token; a refresh replaces it only if it is the refused one. */
function tokenStore(first: string, next: (n: number) => string = (n) => `t${n}`) {
  const state = { token: first, refreshes: 0, due: false };
  const tokens = {
    accessToken: () => Promise.resolve(state.token),
    current: () => Promise.resolve({ token: state.token, due: state.due }),
    refresh: vi.fn((rejected?: string) => {
      if (rejected === undefined ? state.due : rejected === state.token) {
        state.refreshes += 1;
        state.token = next(state.refreshes);
        state.due = false;
      }
      return Promise.resolve(state.token);
    }),
  };
  return { state, tokens };
}

describe('bearer 401', () => {
  it('refreshes the token once and retries with the new one', async () => {
    const { state, tokens } = tokenStore('stale', () => 'fresh');
    const { transport, sent } = bearerTransport(
      (req) => (req.headers.Authorization === 'Bearer fresh' ? json({ ok: true }) : problem(401)),
      tokens,
    );
    await expect(createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account')).resolves.toEqual({ ok: true });
    expect(tokens.refresh).toHaveBeenCalledTimes(1);
    expect(tokens.refresh).toHaveBeenCalledWith('stale');
    expect(state.refreshes).toBe(1);
    expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  // Issue 15, defect 2: the second 401 surfaced as a plain AmoUnauthorized and became HTTP 500.
  it('turns a second 401 after the refresh into AmoAccessRejected, without a third try', async () => {
    const { tokens } = tokenStore('bad', () => 'also-bad');
    const { transport, sent } = bearerTransport(() => problem(401), tokens);
    const error = await createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmoAccessRejected);
    expect((error as AmoAccessRejected).kind).toBe('access-rejected');
    expect(tokens.refresh).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(2);
  });

  it('turns a refused renewal into AmoAccessRejected', async () => {
    const tokens = { accessToken: () => Promise.resolve('old'), refresh: () => Promise.reject(new RenewalRefused('grant revoked')) };
    const { transport, sent } = bearerTransport(() => problem(401), tokens);
    await expect(createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account')).rejects.toBeInstanceOf(AmoAccessRejected);
    expect(sent).toHaveLength(1);
  });

  it('retries a renewal that failed for a transient reason (token endpoint down)', async () => {
    const { state, tokens } = tokenStore('old');
    let failRenewals = 1;
    const flaky = { ...tokens, refresh: (rejected?: string) => (failRenewals-- > 0 ? Promise.reject(new Error('HTTP 503')) : tokens.refresh(rejected)) };
    const { transport, sent } = bearerTransport((req) => (req.headers.Authorization === 'Bearer t1' ? json({ ok: true }) : problem(401)), flaky);
    await expect(createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account')).resolves.toEqual({ ok: true });
    expect(state.refreshes).toBe(1);
    expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer old', 'Bearer old', 'Bearer t1']);
  });
});

describe('credentials and the budget (issue 15)', () => {
  // Defect 1: credentials were read before the request queued for its slot.
  it('reads the credentials when the request leaves, not when it starts queueing', async () => {
    const clock = new ManualClock();
    const budget = createRequestBudget({ perSecond: 1, clock });
    const { state, tokens } = tokenStore('early');
    const { transport, sent } = bearerTransport(() => json({ ok: true }), tokens);
    const http = createHttp(transport, isolatedOptions({ clock, budget }));
    const first = http.request('GET', '/api/v4/account');
    const second = http.request('GET', '/api/v4/leads');
    await flush();
    expect(sent).toHaveLength(1);
    state.token = 'late'; // rotated (by another caller or instance) while the second one queued
    await clock.advance(1_000);
    await Promise.all([first, second]);
    expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer early', 'Bearer late']);
  });

  it('renews a due token outside its slot, so a renewal that needs a slot of its own cannot deadlock', async () => {
    const clock = new ManualClock();
    const budget = createRequestBudget({ perSecond: 1, clock });
    const { state, tokens } = tokenStore('old');
    state.due = true;
    const grants: string[] = [];
    // Like the service: the refresh itself takes a slot in the same budget, ahead of the queue.
    const refresh = async (rejected?: string): Promise<string> => {
      const release = await budget.acquire(undefined, { priority: true });
      grants.push('refresh');
      try { return await tokens.refresh(rejected); } finally { release(); }
    };
    const { transport, sent } = bearerTransport((req) => { grants.push(req.path); return json({ ok: true }); }, { ...tokens, refresh });
    const http = createHttp(transport, isolatedOptions({ clock, budget }));
    const all = Promise.all(['/api/v4/a', '/api/v4/b', '/api/v4/c'].map((path) => http.request('GET', path)));
    await clock.advance(5_000);
    await all;
    expect(state.refreshes).toBe(1);
    expect(grants[0]).toBe('refresh');
    expect(sent.map((r) => r.headers.Authorization)).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
  });
});

describe('error mapping', () => {
  it('turns problem+json validation errors into per-element issues', async () => {
    const { transport } = bearerTransport(() => problem(400, {
      'validation-errors': [{ request_id: '1', errors: [{ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' }] }],
    }));
    const error = await createHttp(transport, isolatedOptions()).request('PATCH', '/api/v4/leads', { body: [{}, {}] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmoValidationError);
    expect((error as AmoValidationError).issues).toEqual([
      { requestId: '1', index: 1, path: 'status_id', code: 'NotSupportedChoice', detail: 'The value you selected is not a valid choice.' },
    ]);
  });

  it('maps 404 to AmoNotFound and a JSON 403 to AmoForbidden', async () => {
    const { transport } = bearerTransport((req) => (req.path.startsWith('/api/v4/users') ? problem(403) : problem(404)));
    const http = createHttp(transport, isolatedOptions());
    await expect(http.request('GET', '/api/v4/leads/1')).rejects.toBeInstanceOf(AmoNotFound);
    await expect(http.request('GET', '/api/v4/users')).rejects.toBeInstanceOf(AmoForbidden);
  });

  it('reads a non-JSON 429 as rate limiting and retries it', async () => {
    const { transport, sent } = bearerTransport((_req, i) => (i < 2 ? text(429, 'Too Many Requests', 'text/plain') : json({ id: 1 })));
    await expect(createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account')).resolves.toEqual({ id: 1 });
    expect(sent).toHaveLength(3);
  });

  it('throws AmoRateLimited once the attempts run out', async () => {
    const { transport, sent } = bearerTransport(() => text(429, 'Too Many Requests', 'text/plain'));
    await expect(createHttp(transport, isolatedOptions({ backoff: { maxAttempts: 3 } })).request('GET', '/api/v4/account')).rejects.toBeInstanceOf(AmoRateLimited);
    expect(sent).toHaveLength(3);
  });

  it('retries network failures and then reports AmoNetworkError', async () => {
    const { transport, sent } = bearerTransport(() => { throw new TypeError('fetch failed'); });
    await expect(createHttp(transport, isolatedOptions({ backoff: { maxAttempts: 4 } })).request('GET', '/api/v4/account')).rejects.toBeInstanceOf(AmoNetworkError);
    expect(sent).toHaveLength(4);
  });

  it('does not retry a 504 when the caller will split the batch instead', async () => {
    const { transport, sent } = bearerTransport(() => text(504, 'Gateway Timeout'));
    const error = await createHttp(transport, isolatedOptions()).request('POST', '/api/v4/tasks', { body: [], retryGatewayTimeout: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmoServerError);
    expect((error as AmoServerError).status).toBe(504);
    expect(sent).toHaveLength(1);
  });
});

describe('blocked account', () => {
  it('raises one alarm on an HTML 403, never retries, and stops calling during the cooldown', async () => {
    const alarms: AmoAlarm[] = [];
    const { transport, sent } = bearerTransport(() => text(403, '<html><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>'));
    const http = createHttp(transport, isolatedOptions({ onAlarm: (a) => alarms.push(a) }));
    await expect(http.request('GET', '/api/v4/leads')).rejects.toBeInstanceOf(AmoAccountBlocked);
    await expect(http.request('GET', '/api/v4/tasks')).rejects.toBeInstanceOf(AmoAccountBlocked);
    expect(sent).toHaveLength(1);
    expect(alarms).toEqual([{ kind: 'account-blocked', budgetKey: 'amo:https://demo.amocrm.ru', method: 'GET', path: '/api/v4/leads', status: 403 }]);
  });

  it('reads 403s on three different endpoints in a row as a block', async () => {
    const alarms: AmoAlarm[] = [];
    const { transport } = bearerTransport(() => problem(403));
    const http = createHttp(transport, isolatedOptions({ onAlarm: (a) => alarms.push(a) }));
    await expect(http.request('GET', '/api/v4/leads')).rejects.toBeInstanceOf(AmoForbidden);
    await expect(http.request('GET', '/api/v4/tasks')).rejects.toBeInstanceOf(AmoForbidden);
    await expect(http.request('GET', '/api/v4/events')).rejects.toBeInstanceOf(AmoAccountBlocked);
    expect(alarms).toHaveLength(1);
  });

  it('does not mistake a manager repeatedly denied one admin endpoint for a block', async () => {
    const alarms: AmoAlarm[] = [];
    const { transport } = bearerTransport(() => problem(403));
    const http = createHttp(transport, isolatedOptions({ onAlarm: (a) => alarms.push(a) }));
    for (let i = 0; i < 5; i++) await expect(http.request('GET', '/api/v4/users', { query: { page: i } })).rejects.toBeInstanceOf(AmoForbidden);
    expect(alarms).toEqual([]);
  });
});

describe('back-off', () => {
  it('waits a random time below base·2^retry (full jitter), capped', async () => {
    const run = async (random: number) => {
      const { sleep, delays } = recordingSleep();
      const { transport } = bearerTransport(() => problem(503));
      const http = createHttp(transport, isolatedOptions({ sleep, random: () => random, backoff: { maxAttempts: 6, baseMs: 100, capMs: 1000 } }));
      await expect(http.request('GET', '/api/v4/account')).rejects.toBeInstanceOf(AmoServerError);
      return delays;
    };
    expect(await run(0)).toEqual([0, 0, 0, 0, 0]);
    expect(await run(0.999999)).toEqual([99, 199, 399, 799, 999]);
    expect(await run(0.5)).toEqual([50, 100, 200, 400, 500]);
  });

  it('honours a Retry-After header as the least wait', async () => {
    const { sleep, delays } = recordingSleep();
    const { transport } = bearerTransport((_r, i) => (i === 0 ? new Response('slow down', { status: 429, headers: { 'retry-after': '2' } }) : json({})));
    await createHttp(transport, isolatedOptions({ sleep, random: () => 0 })).request('GET', '/api/v4/account');
    expect(delays).toEqual([2000]);
  });
});

describe('endpoint identity for the block guard', () => {
  it('treats different lead ids as one endpoint', async () => {
    const alarms: AmoAlarm[] = [];
    const { transport } = bearerTransport(() => problem(403));
    const http = createHttp(transport, isolatedOptions({ onAlarm: (a) => alarms.push(a) }));
    for (const id of [1, 2, 3, 4]) await expect(http.request('GET', `/api/v4/leads/${id}`)).rejects.toBeInstanceOf(AmoForbidden);
    expect(alarms).toEqual([]);
  });
});

describe('hung requests', () => {
  it('times out a request that never answers, frees its slot and retries', async () => {
    const clock = new ManualClock();
    const { transport, sent } = bearerTransport((req, i) =>
      i === 0
        ? new Promise<Response>((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
        : json({ id: 1 }),
    );
    const answer = createHttp(transport, isolatedOptions({ clock, timeoutMs: 5_000 })).request('GET', '/api/v4/account');
    await clock.advance(5_000);
    await expect(answer).resolves.toEqual({ id: 1 });
    expect(sent).toHaveLength(2);
  });

  it('passes a caller\'s cancellation through as the failure', async () => {
    const controller = new AbortController();
    const { transport, sent } = bearerTransport((req) =>
      new Promise<Response>((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))));
    const answer = createHttp(transport, isolatedOptions()).request('GET', '/api/v4/account', { signal: controller.signal });
    await flush();
    expect(sent).toHaveLength(1);
    controller.abort(new Error('user left the page'));
    await expect(answer).rejects.toThrow('user left the page');
  });
});
