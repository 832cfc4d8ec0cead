/**
 * Two connected accounts; every route called with the other account's credentials must neither
 * show nor change anything of the first. The route list is read from the app, so a new route
 * added without a case here fails the test.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { authHeaders, DEMO, OTHER, startServiceHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';

/** Each route's request, made by OTHER's admin (user 1 is an admin in both accounts). */
const CASES: Record<string, { payload?: Record<string, unknown> }> = {
  'GET /api/v1/me': {},
  'GET /api/v1/config': {},
  'PUT /api/v1/config': { payload: { version: 1, config: { heads: [{ groupId: 30, userIds: [7] }] } } },
  'POST /api/v1/account/long-lived-token': { payload: { token: 'llt-demo-0123456789-stolen' } },
  'POST /api/v1/account/disconnect': {},
};

forEachStore('account isolation', (fixture) => {
  let app: FastifyInstance;

  beforeEach(async () => {
    ({ app } = await startServiceHarness(fixture.store(), { accounts: [DEMO, OTHER] }));
    await app.ready();
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, 1), payload: { version: 0, config: { heads: [{ groupId: 10, userIds: [3] }] } } });
    expect(saved.statusCode).toBe(200);
  });
  afterEach(async () => app.close());

  it('has a case for every authenticated API route', () => {
    const printed = app.printRoutes({ commonPrefix: false });
    const apiRoutes = [...printed.matchAll(/(\/api\/v1\/\S+) \(([^)]+)\)/g)].flatMap(([, url, methods]) =>
      (methods ?? '').split(', ').filter((method) => method !== 'HEAD' && method !== 'OPTIONS').map((method) => `${method} ${url}`));
    // The OAuth callback alias lives under /api/v1/amo but is not a widget call (no account token).
    expect(apiRoutes.filter((route) => !route.includes('/oauth/callback')).sort()).toEqual(Object.keys(CASES).sort());
  });

  it("never shows or changes one account's rows through another account's calls", async () => {
    const { db } = fixture.store();
    const demoRows = async () => ({
      account: await db.selectFrom('accounts').selectAll().where('id', '=', DEMO.id as AccountId).executeTakeFirst(),
      tokens: await db.selectFrom('account_tokens').selectAll().where('account_id', '=', DEMO.id as AccountId).executeTakeFirst(),
      config: await db.selectFrom('account_configs').selectAll().where('account_id', '=', DEMO.id as AccountId).executeTakeFirst(),
    });
    const before = await demoRows();
    for (const [key, { payload }] of Object.entries(CASES)) {
      const [method = 'GET', url = '/'] = key.split(' ');
      const response = await app.inject({ method: method as 'GET', url, headers: await authHeaders(OTHER.id, 1), ...(payload === undefined ? {} : { payload }) });
      expect(response.statusCode, key).toBeLessThan(500);
      const body = response.body;
      expect(body, key).not.toContain(DEMO.subdomain);
      expect(body, key).not.toContain('"groupId":10');
    }
    expect(await demoRows()).toEqual(before);
    const demoConfig = await app.inject({ method: 'GET', url: '/api/v1/config', headers: await authHeaders(DEMO.id, 3) });
    expect(demoConfig.json()).toMatchObject({ version: 1, config: { heads: [{ groupId: 10, userIds: [3] }] } });
  });
});
