import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountConfigSchema } from '../../src/service/config/schema';
import { deriveConfigWarnings } from '../../src/service/config/warnings';
import { authHeaders, DEMO, group, startServiceHarness, user } from '../support/service-harness';
import { forEachStore } from '../support/service-store';

describe('configuration schema and warnings', () => {
  it('fills every section with defaults, so an empty configuration is a valid one', () => {
    const config = accountConfigSchema.parse({});
    // Each feature adds its own section; the spine's sections keep these defaults.
    expect(config).toMatchObject({ heads: [], general: { reviewTargetPercent: 10 } });
    expect(accountConfigSchema.parse(config)).toEqual(config);
  });

  it('warns about users and groups that no longer exist, without failing', () => {
    const config = accountConfigSchema.parse({ heads: [{ groupId: 10, userIds: [3, 99, 5] }, { groupId: 77, userIds: [] }] });
    const warnings = deriveConfigWarnings(config, { users: [user(3), user(5, { isActive: false })], groups: [group(10)] });
    expect(warnings.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'heads.0.userIds.1', code: 'unknown_user' },
      { path: 'heads.0.userIds.2', code: 'inactive_user' },
      { path: 'heads.1.groupId', code: 'unknown_group' },
    ]);
  });
});

forEachStore('configuration API', (fixture) => {
  let app: FastifyInstance;
  const ADMIN_A = 1;
  const ADMIN_B = 2;
  const MANAGER = 4;

  const put = async (userId: number, payload: unknown) =>
    app.inject({ method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, userId), payload: payload as Record<string, unknown> });
  const get = async (userId: number) => app.inject({ method: 'GET', url: '/api/v1/config', headers: await authHeaders(DEMO.id, userId) });

  beforeEach(async () => {
    ({ app } = await startServiceHarness(fixture.store(), { accounts: [DEMO] }));
  });
  afterEach(async () => app.close());

  it('serves the default configuration at version 0 to any user', async () => {
    const response = await get(MANAGER);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 0, config: { heads: [] }, warnings: [] });
  });

  it('saves a valid configuration and bumps the version', async () => {
    const saved = await put(ADMIN_A, { version: 0, config: { heads: [{ groupId: 10, userIds: [3] }], general: { timezone: 'Europe/Moscow' } } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, config: { heads: [{ groupId: 10, userIds: [3] }], general: { timezone: 'Europe/Moscow', reviewTargetPercent: 10 } } });
    expect((await get(MANAGER)).json()).toMatchObject({ version: 1 });
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: await authHeaders(DEMO.id, 3) });
    expect(me.json()).toMatchObject({ role: { kind: 'head', groupIds: [10] } });
  });

  it('rejects invalid input with the path of every bad field', async () => {
    const response = await put(ADMIN_A, { version: 0, config: { heads: [{ groupId: 10, userIds: [-1, 'x'] }], general: { timezone: 'Mars/Olympus', reviewTargetPercent: 140 } } });
    expect(response.statusCode).toBe(400);
    const paths = (response.json() as { errors: Array<{ path: string }> }).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['general.reviewTargetPercent', 'general.timezone', 'heads.0.userIds.0', 'heads.0.userIds.1']);
  });

  it('lets one of two admins saving the same version win; the other gets 409 with the current config', async () => {
    const [first, second] = await Promise.all([
      put(ADMIN_A, { version: 0, config: { heads: [{ groupId: 10, userIds: [3] }] } }),
      put(ADMIN_B, { version: 0, config: { heads: [{ groupId: 20, userIds: [4] }] } }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = first.statusCode === 200 ? first : second;
    const loser = first.statusCode === 409 ? first : second;
    expect(loser.json()).toMatchObject({ error: 'version_conflict', current: { version: 1, config: (winner.json() as { config: unknown }).config } });
    const again = await put(ADMIN_B, { version: 0, config: { heads: [] } });
    expect(again.statusCode).toBe(409);
  });

  it('forbids managers and heads from saving', async () => {
    expect((await put(MANAGER, { version: 0, config: {} })).statusCode).toBe(403);
    await put(ADMIN_A, { version: 0, config: { heads: [{ groupId: 10, userIds: [3] }] } });
    expect((await put(3, { version: 1, config: {} })).statusCode).toBe(403);
    expect((await get(MANAGER)).json()).toMatchObject({ version: 1 });
  });

  it('reports warnings for heads who left the account', async () => {
    await put(ADMIN_A, { version: 0, config: { heads: [{ groupId: 10, userIds: [3, 404] }] } });
    expect((await get(ADMIN_A)).json()).toMatchObject({ warnings: [{ path: 'heads.0.userIds.1', code: 'unknown_user' }] });
  });
});
