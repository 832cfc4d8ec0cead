import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AccountId, EpochMs, UserId } from '../../src/core/brand';
import { deriveDistributionAvailability } from '../../src/service/distribution/availability';
import { loadAvailability } from '../../src/service/focus';
import type { AvailabilityResponse, CreateExternalKeyResponse, ExternalKeysResponse } from '../../src/contract/focus';
import { DEMO, OTHER } from '../support/service-harness';
import { buildFocusHarness, MINUTE, START, type FocusHarness } from '../support/service-focus';
import { forEachStore } from '../support/service-store';

const ADMIN = 1;
const HEAD = 3; // heads group 10 (configured below)
const MANAGER = 4; // group 10
const OUTSIDER = 6; // group 20, added below

forEachStore('focus availability', (fixture) => {
  let h: FocusHarness;

  beforeEach(async () => {
    const demo = { ...DEMO, users: [...DEMO.users, { id: 6, name: 'User 6', email: 'u6@example.test', isAdmin: false, isActive: true, groupId: 20 }] } as typeof DEMO;
    h = await buildFocusHarness(fixture.store(), [demo, OTHER]);
    await h.saveFocusConfig({ heads: [{ groupId: 10, userIds: [HEAD] }] });
  });
  afterEach(async () => h.app.close());

  const stateOf = async (userId: number, viewer = MANAGER) => {
    const body = (await h.call(viewer, 'GET', '/api/v1/availability')).json<AvailabilityResponse>();
    return body.managers.find((manager) => manager.userId === userId);
  };

  it('lists every user: active ones available, a disabled seat absent', async () => {
    const body = (await h.call(MANAGER, 'GET', '/api/v1/availability')).json<AvailabilityResponse>();
    expect(body.managers.find((manager) => manager.userId === 4)?.availability).toEqual({ kind: 'available' });
    expect(body.managers.find((manager) => manager.userId === 5)?.availability).toEqual({ kind: 'absent' });
  });

  it('lets a manager pause and resume themselves, and signals the resume', async () => {
    const paused = await h.call(MANAGER, 'POST', '/api/v1/availability/me', { paused: true });
    expect(paused.json<AvailabilityResponse>().managers[0]?.availability).toEqual({ kind: 'self_paused', since: START, until: null });
    h.clock.now += MINUTE;
    await h.call(MANAGER, 'POST', '/api/v1/availability/me', { paused: false });
    expect((await stateOf(MANAGER))?.availability).toEqual({ kind: 'available' });
    const jobs = await fixture.store().db.selectFrom('jobs').select('payload').where('type', '=', 'focus.availability_changed').execute();
    expect(jobs.map((job) => job.payload)).toEqual([expect.objectContaining({ userId: MANAGER, cause: 'resumed' })]);
  });

  it('lets a pause with an end lapse by itself', async () => {
    await h.call(MANAGER, 'POST', '/api/v1/availability/me', { paused: true, until: START + 30 * MINUTE });
    h.clock.now += 31 * MINUTE;
    expect((await stateOf(MANAGER))?.availability).toEqual({ kind: 'available' });
  });

  it('lets a head set their own group manager away, and the manager sees who and why', async () => {
    const response = await h.call(HEAD, 'POST', `/api/v1/availability/${MANAGER}`, { away: { reason: 'training', until: START + 60 * MINUTE } });
    expect(response.statusCode).toBe(200);
    const seen = await stateOf(MANAGER, MANAGER);
    expect(seen).toMatchObject({ availability: { kind: 'away', by: HEAD, reason: 'training', until: START + 60 * MINUTE }, setByName: 'User 3' });
    await h.call(HEAD, 'POST', `/api/v1/availability/${MANAGER}`, { away: null });
    expect((await stateOf(MANAGER))?.availability.kind).toBe('available');
  });

  it('refuses a manager setting someone away, and a head outside their group', async () => {
    expect((await h.call(MANAGER, 'POST', `/api/v1/availability/${HEAD}`, { away: { reason: 'x' } })).statusCode).toBe(403);
    expect((await h.call(HEAD, 'POST', `/api/v1/availability/${OUTSIDER}`, { away: { reason: 'x' } })).statusCode).toBe(403);
    expect((await h.call(ADMIN, 'POST', `/api/v1/availability/${OUTSIDER}`, { away: { reason: 'sick' } })).statusCode).toBe(200);
    expect((await stateOf(OUTSIDER))?.availability).toMatchObject({ kind: 'away', by: ADMIN });
  });

  it('puts a manager outside working hours by the account schedule', async () => {
    await h.saveFocusConfig({ heads: [{ groupId: 10, userIds: [HEAD] }], focus: { schedule: { days: { 1: [{ start: 540, end: 1080 }], 2: [{ start: 540, end: 1080 }] } } } });
    expect((await stateOf(MANAGER))?.availability).toEqual({ kind: 'available' });
    h.clock.now = Date.UTC(2026, 2, 10, 16, 0); // 19:00 Moscow, Tuesday
    expect((await stateOf(MANAGER))?.availability).toEqual({ kind: 'outside_hours', nextStart: Date.UTC(2026, 2, 16, 6, 0) });
  });

  it('gives the answer distribution gives: Sunday evening is outside the pool\'s hours (issue 9 item 8)', async () => {
    // No focus schedule; distribution works Mon–Fri 09:00–18:00 in Moscow, as the decision log applies it.
    const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((day) => [day, [{ start: 540, end: 1080 }]]));
    const config = await h.saveFocusConfig({
      heads: [{ groupId: 10, userIds: [HEAD] }],
      general: { timezone: 'Europe/Moscow' },
      distribution: { pools: [{ pipelineId: 100, participants: [{ userId: MANAGER }], hours: { days: weekdays } }], managerHours: [{ userId: OUTSIDER, hours: { days: { 7: [{ start: 1080, end: 1380 }] } } }] },
    });
    h.clock.now = Date.UTC(2026, 2, 15, 17, 0); // Sunday 20:00 in Moscow
    const monday9 = Date.UTC(2026, 2, 16, 6, 0);
    expect((await stateOf(MANAGER))?.availability).toEqual({ kind: 'outside_hours', nextStart: monday9 });
    // A manager's own hours win, as in distribution: this one works Sunday evenings.
    expect((await stateOf(OUTSIDER))?.availability).toEqual({ kind: 'available' });
    // Not in any pool and no own hours: nothing restricts them.
    expect((await stateOf(HEAD))?.availability).toEqual({ kind: 'available' });
    // The decision engine's own function, on the same moment, says the same.
    const base = new Map([[MANAGER as UserId, { kind: 'available' as const }]]);
    const pool = config.distribution.pools[0];
    if (!pool) throw new Error('no pool');
    expect(deriveDistributionAvailability(base, config.distribution, pool, 'Europe/Moscow', h.clock.now as EpochMs).get(MANAGER as UserId))
      .toEqual({ kind: 'outside_hours', nextStart: monday9 });
  });

  it('shows focus while a session runs and loadAvailability agrees', async () => {
    await h.call(MANAGER, 'POST', '/api/v1/focus/session/start', { tabId: 't', queue: [1] });
    const map = await loadAvailability(fixture.store().db, DEMO.id as AccountId, START as EpochMs, h.app.accounts.directory);
    expect(map.get(MANAGER as never)).toEqual({ kind: 'focus', since: START });
    // A session past its idle timeout no longer counts, even before the sweep closes it.
    const later = await loadAvailability(fixture.store().db, DEMO.id as AccountId, (START + 11 * MINUTE) as EpochMs, h.app.accounts.directory);
    expect(later.get(MANAGER as never)).toEqual({ kind: 'available' });
  });

  it('serves availability to other systems with an account key, and only that account', async () => {
    expect((await h.call(MANAGER, 'POST', '/api/v1/external/keys', { label: 'telephony' })).statusCode).toBe(403);
    const created = await h.call(ADMIN, 'POST', '/api/v1/external/keys', { label: 'telephony' });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json<CreateExternalKeyResponse>();
    const read = (authorization: string) => h.app.inject({ method: 'GET', url: '/api/v1/external/availability', headers: { authorization } });

    const ok = await read(`Bearer ${key}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<AvailabilityResponse>().managers.map((manager) => manager.userId)).toContain(MANAGER);
    expect((await read(`Bearer ${key}x`)).statusCode).toBe(401);
    expect((await read('Bearer ')).statusCode).toBe(401);

    const otherKey = (await h.call(ADMIN, 'POST', '/api/v1/external/keys', { label: 'other' }, OTHER.id)).json<CreateExternalKeyResponse>().key;
    const otherRead = (await read(`Bearer ${otherKey}`)).json<AvailabilityResponse>();
    expect(otherRead.managers.map((manager) => manager.userId).sort()).toEqual([1, 7]);

    // Stored as a hash only; listed without the key; another account cannot revoke it.
    const stored = await fixture.store().db.selectFrom('external_api_keys').select('key_hash').execute();
    expect(stored.map((row) => row.key_hash)).not.toContain(key);
    const listed = (await h.call(ADMIN, 'GET', '/api/v1/external/keys')).json<ExternalKeysResponse>();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await h.call(ADMIN, 'POST', `/api/v1/external/keys/${id}/revoke`, {}, OTHER.id)).statusCode).toBe(404);
    expect((await h.call(ADMIN, 'POST', `/api/v1/external/keys/${id}/revoke`, {})).statusCode).toBe(200);
    expect((await read(`Bearer ${key}`)).statusCode).toBe(401);
  });
});
