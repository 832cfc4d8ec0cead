/**
 * Issue 15 against the real sandbox: the service's amoCRM client while access tokens expire every
 * 15 seconds under injected faults, and what the widget gets when amoCRM refuses the integration.
 */
import { afterEach, expect, it } from 'vitest';
import type { LeadId, StatusId } from '../../src/core/brand';
import { STATUS_LOST } from '../../src/core/brand';
import { peakPerSecond } from '../unit/amo/sandbox-handle';
import { forEachStore } from '../support/service-store';
import {
  deliverStatusWebhook, HEAD, loseAndProcess, MANAGER, openDealOf, PIPELINE, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness,
} from '../support/service-refusals';

const TOKEN_TTL_S = 15;
const DEALS = 24;
const WAVES = 4;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function dev(h: RefusalHarness, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${h.sandbox.url}/_emulator${path}`, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

forEachStore('amoCRM tokens under pressure', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewIdsOf = async (leadIds: readonly LeadId[]): Promise<string[]> => {
    if (leadIds.length === 0) return [];
    const rows = await fixture.store().db.selectFrom('refusal_reviews').select('id').where('lead_id', 'in', [...leadIds]).execute();
    return rows.map((row) => String(row.id));
  };

  // Defect 2: the second 401 surfaced as HTTP 500.
  it('answers 502 amo_access_rejected, never 500, when amoCRM refuses even the refreshed token', async () => {
    h = await startRefusalHarness(fixture.store(), { oauth: true });
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const [reviewId] = await reviewIdsOf([deal.id]);
    // Roles are read once while amoCRM still answers (the directory cache keeps them a minute).
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/refusals/reviews', headers: await h.headers(HEAD) })).statusCode).toBe(200);

    await dev(h, 'POST', '/tokens/ttl', { seconds: 0 }); // every token issued from now on is refused
    await dev(h, 'POST', '/tokens/expire', {});
    const detail = await h.app.inject({ method: 'GET', url: `/api/v1/refusals/reviews/${reviewId}`, headers: await h.headers(HEAD) });
    expect(detail.statusCode).toBe(502);
    expect(detail.json()).toMatchObject({ error: 'amo_access_rejected' });
    const decision = await h.app.inject({
      method: 'POST', url: `/api/v1/refusals/reviews/${reviewId}/confirm`, headers: await h.headers(HEAD), payload: {},
    });
    expect(decision.statusCode).toBe(502);
    expect(decision.json()).toMatchObject({ error: 'amo_access_rejected' });
  });

  // Defects 1, 3 and 4 together, as the issue met them: losses and decisions while tokens expire.
  it('keeps one refresh per expiry, no 5xx and at most 5 requests/s (refreshes included) with 15 s tokens under faults', async () => {
    h = await startRefusalHarness(fixture.store(), { oauth: true, tokenTtlSeconds: TOKEN_TTL_S });
    const harness = h;
    const first = await openDealOf(harness, MANAGER);
    // The port has no lead creation (the service never creates deals): the raw request does it.
    const made = await harness.amo.request('POST', '/api/v4/leads', {
      body: Array.from({ length: DEALS }, (_, i) => ({ name: `Expiry ${i}`, pipeline_id: PIPELINE, status_id: first.statusId, responsible_user_id: MANAGER })),
    }) as { _embedded: { leads: Array<{ id: number }> } };
    const leadIds = made._embedded.leads.map((lead) => lead.id as LeadId);
    await harness.amo.updateLeads(leadIds.map((id) => ({ id, statusId: STATUS_LOST, lossReasonId: REASON_EXPENSIVE })));
    await dev(harness, 'POST', '/faults', { route: '* /api/v4/', status: 503, probability: 0.05 });
    await dev(harness, 'POST', '/faults', { route: '* /api/v4/', status: 429, probability: 0.05 });
    await dev(harness, 'POST', '/faults', { route: 'POST /oauth2/', status: 503, count: 1 });

    // From here on only the service talks to amoCRM.
    const from = harness.sandbox.requests().length;
    const startedAt = Date.now();
    harness.jobs.start();
    const statuses: number[] = [];
    const decided = new Set<string>();
    const widget = async (method: 'GET' | 'POST', url: string): Promise<number> => {
      const answer = await harness.app.inject({ method, url, headers: await harness.headers(HEAD), ...(method === 'POST' ? { payload: {} } : {}) });
      statuses.push(answer.statusCode);
      return answer.statusCode;
    };
    // Losses arrive in waves over ~35 s; heads open and decide every review as soon as it exists.
    for (let wave = 0; wave < WAVES; wave += 1) {
      for (const id of leadIds.slice(wave * (DEALS / WAVES), (wave + 1) * (DEALS / WAVES))) await deliverStatusWebhook(harness, id, STATUS_LOST, first.statusId as StatusId);
      await sleep(6_000);
      const open = (await reviewIdsOf(leadIds)).filter((id) => !decided.has(id));
      await Promise.all(open.map(async (id, i) => {
        if (i % 2 === 0) await widget('GET', `/api/v1/refusals/reviews/${id}`);
        if ((await widget('POST', `/api/v1/refusals/reviews/${id}/confirm`)) === 200) decided.add(id);
      }));
    }
    for (let i = 0; i < 60 && decided.size < leadIds.length; i += 1) {
      await sleep(500);
      const open = (await reviewIdsOf(leadIds)).filter((id) => !decided.has(id));
      for (const id of open) if ((await widget('POST', `/api/v1/refusals/reviews/${id}/confirm`)) === 200) decided.add(id);
    }
    const seconds = (Date.now() - startedAt) / 1000;
    await harness.jobs.stop();

    const log = harness.sandbox.requests().slice(from);
    const refreshes = log.filter((r) => r.path === '/oauth2/access_token' && r.status === 200).length;
    const expiries = seconds / TOKEN_TTL_S;
    process.stdout.write(`token expiry test: ${seconds.toFixed(0)} s, ${expiries.toFixed(1)} expiries, ${refreshes} refreshes, peak ${peakPerSecond(log.map((r) => r.at))}/s, ${log.filter((r) => r.status === 401).length} × 401\n`);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(decided.size).toBe(leadIds.length);
    expect(refreshes).toBeGreaterThanOrEqual(1);
    expect(refreshes).toBeLessThanOrEqual(Math.floor(expiries) + 1);
    // The service's budget is 5/s; the sandbox sees every exchange, token refreshes included.
    expect(peakPerSecond(log.map((r) => r.at))).toBeLessThanOrEqual(5);
  }, 180_000);
});
