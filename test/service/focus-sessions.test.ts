import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SessionResponse } from '../../src/contract/focus';
import { DEMO } from '../support/service-harness';
import { buildFocusHarness, MINUTE, START, type FocusHarness } from '../support/service-focus';
import { forEachStore } from '../support/service-store';

const MANAGER = 3;
const OTHER_MANAGER = 4;

forEachStore('focus sessions', (fixture) => {
  let h: FocusHarness;

  beforeEach(async () => {
    h = await buildFocusHarness(fixture.store());
  });
  afterEach(async () => h.app.close());

  const start = async (tabId = 'tab-a', queue = [101, 102, 103], userId = MANAGER) => {
    const response = await h.call(userId, 'POST', '/api/v1/focus/session/start', { tabId, queue });
    expect(response.statusCode).toBe(200);
    return response.json<SessionResponse>();
  };
  const session = async (userId = MANAGER) => (await h.call(userId, 'GET', '/api/v1/focus/session')).json<SessionResponse>();
  const availabilityJobs = async () => fixture.store().db.selectFrom('jobs').select(['type', 'payload'])
    .where('type', '=', 'focus.availability_changed').execute();

  it('starts a session on the first deal and counts the manager as in focus', async () => {
    const body = await start();
    expect(body.session).toMatchObject({ kind: 'active', position: 0, currentDealId: 101, queue: [101, 102, 103], idleTimeoutMs: 10 * MINUTE });
    expect(body.availability).toEqual({ kind: 'focus', since: START });
  });

  it('joins the running session from a second tab instead of starting another', async () => {
    const first = await start('tab-a');
    h.clock.now += MINUTE;
    const second = await start('tab-b', [999]);
    expect(second.session?.kind).toBe('active');
    expect(second.session?.id).toBe(first.session?.id);
    expect(second.session).toMatchObject({ queue: [101, 102, 103], lastHeartbeatAt: START + MINUTE });
    const rows = await fixture.store().db.selectFrom('focus_sessions').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps exactly one active session under concurrent starts', async () => {
    const answers = await Promise.all(['t1', 't2', 't3', 't4'].map((tab) => start(tab)));
    const ids = new Set(answers.map((answer) => answer.session?.id));
    expect(ids.size).toBe(1);
    const active = await fixture.store().db.selectFrom('focus_sessions').select('id').where('state', '=', 'active').execute();
    expect(active).toHaveLength(1);
  });

  it('advances through the queue, counts outcomes and ends exhausted with a summary', async () => {
    await start();
    const advance = (dealId: number, outcome: unknown) => h.call(MANAGER, 'POST', '/api/v1/focus/session/advance', { dealId, outcome });
    h.clock.now += MINUTE;
    expect((await advance(101, { kind: 'worked', movedStage: true, taskSet: true })).statusCode).toBe(200);
    expect((await advance(102, { kind: 'skipped', reason: 'client on holiday' })).json<SessionResponse>().session).toMatchObject({ currentDealId: 103 });
    h.clock.now += 4 * MINUTE;
    const last = await advance(103, { kind: 'snoozed', until: START + 120 * MINUTE });
    const body = last.json<SessionResponse>();
    expect(body.session).toMatchObject({
      kind: 'ended', reason: 'exhausted', endedAt: START + 5 * MINUTE,
      summary: { worked: 1, skipped: 1, snoozed: 1, movedStage: 1, tasksSet: 1, durationMs: 5 * MINUTE, queueLength: 3 },
    });
    expect(body.snoozed).toEqual([{ dealId: 103, until: START + 120 * MINUTE }]);
    expect(body.availability).toEqual({ kind: 'available' });
    expect((await availabilityJobs()).map((job) => job.payload)).toEqual([expect.objectContaining({ userId: MANAGER, cause: 'session_ended' })]);
  });

  it('refuses an advance for a deal that is no longer on screen (another tab moved on)', async () => {
    await start();
    await h.call(MANAGER, 'POST', '/api/v1/focus/session/advance', { dealId: 101, outcome: { kind: 'dropped' } });
    const stale = await h.call(MANAGER, 'POST', '/api/v1/focus/session/advance', { dealId: 101, outcome: { kind: 'dropped' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'stale_deal', session: { currentDealId: 102, summary: { dropped: 1 } } });
  });

  it('rejects a malformed outcome with field paths', async () => {
    await start();
    const response = await h.call(MANAGER, 'POST', '/api/v1/focus/session/advance', { dealId: 101, outcome: { kind: 'skipped', reason: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual(['outcome.reason']);
  });

  it('stops on request and serves the last session with its summary afterwards', async () => {
    await start();
    h.clock.now += 3 * MINUTE;
    const stopped = (await h.call(MANAGER, 'POST', '/api/v1/focus/session/stop')).json<SessionResponse>();
    expect(stopped.session).toMatchObject({ kind: 'ended', reason: 'manual', summary: { durationMs: 3 * MINUTE } });
    expect((await session()).session).toMatchObject({ kind: 'ended', reason: 'manual' });
    expect((await session(OTHER_MANAGER)).session).toBeNull();
  });

  it('ends a session without heartbeats after the idle timeout, dated to the last heartbeat', async () => {
    await start();
    h.clock.now += 8 * MINUTE;
    await h.call(MANAGER, 'POST', '/api/v1/focus/session/heartbeat', { tabId: 'tab-a' });
    h.clock.now += 9 * MINUTE;
    expect(await h.feature.sweep()).toEqual([]);
    h.clock.now += 2 * MINUTE;
    const ended = await h.feature.sweep();
    expect(ended).toEqual([expect.objectContaining({ userId: MANAGER, reason: 'idle' })]);
    expect((await session()).session).toMatchObject({ kind: 'ended', reason: 'idle', endedAt: START + 8 * MINUTE });
    expect((await availabilityJobs()).map((job) => job.payload)).toEqual([expect.objectContaining({ accountId: DEMO.id, userId: MANAGER, cause: 'session_ended' })]);
  });

  it('does not let a late heartbeat revive a session that timed out', async () => {
    await start();
    h.clock.now += 30 * MINUTE;
    const late = (await h.call(MANAGER, 'POST', '/api/v1/focus/session/heartbeat', { tabId: 'tab-a' })).json<SessionResponse>();
    expect(late.session).toMatchObject({ kind: 'ended', reason: 'idle' });
    expect(late.availability.kind).toBe('available');
  });

  it('ends at the configured end of day in the account time zone', async () => {
    await h.saveFocusConfig({ focus: { defaults: { endOfDayMinute: 10 * 60 + 30, idleTimeoutMinutes: 600 } } });
    await start();
    h.clock.now += 29 * MINUTE;
    expect(await h.feature.sweep()).toEqual([]);
    h.clock.now += 2 * MINUTE;
    expect(await h.feature.sweep()).toEqual([expect.objectContaining({ reason: 'end_of_day' })]);
    // 10:30 Moscow is 07:30 UTC.
    expect((await session()).session).toMatchObject({ kind: 'ended', reason: 'end_of_day', endedAt: Date.UTC(2026, 2, 10, 7, 30) });
  });

  it('ends the old session and begins a fresh one when a start comes after the timeout', async () => {
    const first = await start();
    h.clock.now += 60 * MINUTE;
    const second = await start('tab-b', [201]);
    expect(second.session?.id).not.toBe(first.session?.id);
    expect(second.session).toMatchObject({ kind: 'active', queue: [201] });
    const old = await fixture.store().db.selectFrom('focus_sessions').select(['state', 'end_reason']).where('id', '=', Number(first.session?.id)).executeTakeFirst();
    expect(old).toEqual({ state: 'ended', end_reason: 'idle' });
  });
});
