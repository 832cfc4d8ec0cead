import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AccountId, UserId } from '../../src/core/brand';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import type { DecisionLogResponse, ReceivedResponse } from '../../src/contract/distribution';
import { distributionFeature } from '../../src/service/distribution/feature';
import { insertDecisions, type DecisionRow } from '../../src/service/distribution/repository';
import { authHeaders, DEMO, OTHER, startServiceHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';

const T0: number = NOW;
const row = (overrides: Partial<DecisionRow>): DecisionRow => ({
  leadId: 501 as never, pipelineId: 7 as never, at: T0 as never, trigger: 'new_lead', kind: 'assigned', userId: 3 as UserId, why: 'round_robin',
  fromUserId: 1 as UserId, candidates: [{ userId: 3, status: 'chosen' }, { userId: 4, status: 'skipped', reason: { code: 'in_focus' } }], moveTasks: false,
  ...overrides,
});

forEachStore('distribution reads', (fixture) => {
  const db = () => fixture.store().db;
  let app: FastifyInstance;

  beforeEach(async () => {
    ({ app } = await startServiceHarness(fixture.store(), { accounts: [DEMO, OTHER], features: [distributionFeature] }));
    // User 3 heads group 10 (users 3 and 4); user 4 is a plain manager.
    const config = accountConfigSchema.parse({ heads: [{ groupId: 10, userIds: [3] }] });
    await saveConfig(db(), DEMO.id as AccountId, { baseVersion: 0, config, by: 1 as UserId, at: new Date(T0) });
    await insertDecisions(db(), DEMO.id as AccountId, [
      row({}),
      row({ leadId: 502 as never, at: (T0 + 1_000) as never, userId: 4 as UserId, why: 'sticky_owner' }),
      row({ leadId: 503 as never, at: (T0 + 2_000) as never, kind: 'held', userId: null, why: null }),
      row({ leadId: 504 as never, at: (T0 + 3_000) as never, kind: 'ignored', userId: null, why: 'not_in_stage', candidates: [] }),
      row({ leadId: 505 as never, at: (T0 + 4_000) as never, trigger: 'guard', userId: 1 as UserId, why: 'round_robin' }),
    ]);
    await insertDecisions(db(), OTHER.id as AccountId, [row({ leadId: 501 as never, userId: 7 as UserId })]);
  });

  afterEach(async () => { await app.close(); });

  const get = async (url: string, userId: number, accountId = DEMO.id) =>
    app.inject({ method: 'GET', url, headers: await authHeaders(accountId, userId) });

  it('refuses managers and serves heads and admins', async () => {
    expect((await get('/api/v1/distribution/log?leadId=501', 4)).statusCode).toBe(403);
    expect((await get(`/api/v1/distribution/received?from=${T0}&to=${T0 + 60_000}`, 4)).statusCode).toBe(403);
    expect((await get('/api/v1/distribution/log?leadId=501', 3)).statusCode).toBe(200);
    expect((await get('/api/v1/distribution/log?leadId=501', 1)).statusCode).toBe(200);
  });

  it('gives one lead\'s log with every candidate, and only this account\'s', async () => {
    const body = (await get('/api/v1/distribution/log?leadId=501', 1)).json<DecisionLogResponse>();
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({
      kind: 'assigned', leadId: 501, userId: 3, why: 'round_robin', fromUserId: 1,
      candidates: [{ userId: 3, status: 'chosen' }, { userId: 4, status: 'skipped', reason: { code: 'in_focus' } }],
    });
  });

  it('lists a period with held and ignored entries, and rejects a bad period with field paths', async () => {
    const body = (await get(`/api/v1/distribution/log?from=${T0 + 1_000}&to=${new Date(T0 + 4_000).toISOString()}`, 1)).json<DecisionLogResponse>();
    expect(body.entries.map((entry) => [entry.leadId, entry.kind])).toEqual([[502, 'assigned'], [503, 'held'], [504, 'ignored']]);
    expect(body.entries[2]).toMatchObject({ reason: 'not_in_stage' });
    const bad = await get(`/api/v1/distribution/log?from=${T0}&to=${T0 - 1}`, 1);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation', errors: [{ path: 'to' }] });
  });

  it('counts leads received per manager; a head sees only their group', async () => {
    const period = `from=${T0}&to=${T0 + 60_000}`;
    const admin = (await get(`/api/v1/distribution/received?${period}`, 1)).json<ReceivedResponse>();
    expect(admin.held).toBe(1);
    expect(admin.managers.map((manager) => [manager.userId, manager.total, manager.fromGuard])).toEqual([[1, 1, 1], [3, 1, 0], [4, 1, 0]]);
    expect(admin.managers.find((manager) => manager.userId === 4)?.byReason.sticky_owner).toBe(1);
    const head = (await get(`/api/v1/distribution/received?${period}`, 3)).json<ReceivedResponse>();
    expect(head.managers.map((manager) => manager.userId)).toEqual([3, 4]);
  });

  it('gives a head only their group\'s decisions, with only their group\'s candidates (the Team place)', async () => {
    const period = `from=${T0}&to=${T0 + 60_000}`;
    const extra = row({ leadId: 506 as never, at: (T0 + 5_000) as never, userId: 1 as UserId, candidates: [{ userId: 1, status: 'chosen' }] });
    await insertDecisions(db(), DEMO.id as AccountId, [extra]);
    const head = (await get(`/api/v1/distribution/log?${period}`, 3)).json<DecisionLogResponse>();
    // 505 went to user 1 (not in group 10) but weighed users 3 and 4; 506 never touched the group; 504 was ignored.
    expect(head.entries.map((entry) => entry.leadId)).toEqual([501, 502, 503, 505]);
    const guard = head.entries.find((entry) => entry.leadId === 505);
    expect(guard && 'candidates' in guard ? guard.candidates.map((c) => c.userId) : null).toEqual([3, 4]);
    expect((await get('/api/v1/distribution/log?leadId=506', 3)).json<DecisionLogResponse>().entries).toEqual([]);
    const admin = (await get(`/api/v1/distribution/log?${period}`, 1)).json<DecisionLogResponse>();
    expect(admin.entries.map((entry) => entry.leadId)).toEqual([501, 502, 503, 504, 505, 506]);
  });
});
