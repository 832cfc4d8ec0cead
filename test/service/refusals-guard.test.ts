/**
 * Issue 10 items 5 and 6 on the refusal routes, against the sandbox: the group rule for heads on
 * every read (by-lead included), and bad ids or numbers answered 4xx, never 500.
 */
import { afterEach, expect, it } from 'vitest';
import type { AccountId, LeadId, UserId } from '../../src/core/brand';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import { forEachStore } from '../support/service-store';
import { ADMIN, GROUP, HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness } from '../support/service-refusals';

/** The head of the sandbox's second group ("small" scenario), and that group. */
const OTHER_HEAD = 9100005 as UserId;
const OTHER_GROUP = 412002;

forEachStore('refusal routes: group rule and hostile input', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  async function configureBothHeads(harness: RefusalHarness): Promise<void> {
    const { db } = fixture.store();
    const { config, version } = await loadConfig(db, harness.accountId as AccountId);
    const saved = await saveConfig(db, harness.accountId, {
      baseVersion: version, by: ADMIN, at: new Date(),
      config: { ...config, heads: [{ groupId: GROUP, userIds: [HEAD] }, { groupId: OTHER_GROUP, userIds: [OTHER_HEAD] }] },
    });
    expect(saved.ok).toBe(true);
  }

  const reviewOf = async (leadId: LeadId) => fixture.store().db.selectFrom('refusal_reviews').select(['id', 'state'])
    .where('lead_id', '=', leadId).executeTakeFirstOrThrow();

  it('shows a returned deal\'s advice (by-lead) to its group\'s head, never to the head of another group', async () => {
    h = await startRefusalHarness(fixture.store());
    await configureBothHeads(h);
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const review = await reviewOf(deal.id);
    const returned = await h.app.inject({
      method: 'POST', url: `/api/v1/refusals/reviews/${review.id}/return`, headers: await h.headers(HEAD),
      payload: { advice: 'Секретный совет: скидка 30 %' },
    });
    expect(returned.statusCode).toBe(200);

    const harness = h;
    const byLead = async (userId: number) =>
      harness.app.inject({ method: 'GET', url: `/api/v1/refusals/by-lead/${deal.id}`, headers: await harness.headers(userId) });
    const own = await byLead(HEAD);
    expect(own.json()).toMatchObject({ kind: 'advice', advice: 'Секретный совет: скидка 30 %' });
    const manager = await byLead(MANAGER);
    expect(manager.json()).toMatchObject({ kind: 'advice' });
    const stranger = await byLead(OTHER_HEAD);
    expect(stranger.statusCode).toBe(200);
    expect(stranger.json()).toEqual({ kind: 'none' });
    expect(stranger.body).not.toContain('Секретный');
  });

  it('answers 4xx, not 500, for a review id with a NUL character and for absurd ages', async () => {
    h = await startRefusalHarness(fixture.store());
    const headers = await h.headers(HEAD);
    const detail = await h.app.inject({ method: 'GET', url: '/api/v1/refusals/reviews/%00', headers });
    expect(detail.statusCode).toBe(400);
    expect(detail.json()).toMatchObject({ error: 'validation', errors: [{ path: 'id' }] });
    const confirm = await h.app.inject({ method: 'POST', url: '/api/v1/refusals/reviews/%00/confirm', headers, payload: {} });
    expect(confirm.statusCode).toBe(400);
    const ret = await h.app.inject({ method: 'POST', url: '/api/v1/refusals/reviews/%00/return', headers, payload: { advice: 'x' } });
    expect(ret.statusCode).toBe(400);
    for (const query of ['minAgeDays=1e308', 'maxAgeDays=1e308', 'minValue=1e309', 'maxValue=-1e309']) {
      const list = await h.app.inject({ method: 'GET', url: `/api/v1/refusals/reviews?${query}`, headers });
      expect(list.statusCode, query).toBe(400);
      expect(list.json<{ errors: Array<{ path: string }> }>().errors[0]?.path, query).toBe(query.split('=')[0]);
    }
    const advice = await h.app.inject({ method: 'POST', url: '/api/v1/refusals/reviews/abc/return', headers, payload: { advice: 'a\u0000b' } });
    expect(advice.statusCode).toBe(400);
  });
});
