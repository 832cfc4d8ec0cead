/**
 * Issue 10 items 6 and 7 (routes and configuration): every bad id, number, date or string is a
 * 4xx with a field path, never a 500 from the store or from `Date`.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildFocusHarness, MINUTE, START, type FocusHarness } from '../support/service-focus';
import { authHeaders, DEMO, startServiceHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';
import { reviewRule } from '../support/service-refusals';

const HEAD = 3;
const MANAGER = 4;
const PAST_DATE_LIMIT = 9e15;

forEachStore('hostile input: focus and availability routes', (fixture) => {
  let h: FocusHarness;
  beforeEach(async () => {
    h = await buildFocusHarness(fixture.store());
    await h.saveFocusConfig({ heads: [{ groupId: 10, userIds: [HEAD] }] });
  });
  afterEach(async () => h.app.close());

  it('answers 400 with a path for a snooze, a pause or an away until 9e15 (past what Date holds)', async () => {
    const started = await h.call(MANAGER, 'POST', '/api/v1/focus/session/start', { tabId: 'tab', queue: [101, 102] });
    expect(started.statusCode).toBe(200);
    const advance = await h.call(MANAGER, 'POST', '/api/v1/focus/session/advance', { dealId: 101, outcome: { kind: 'snoozed', until: PAST_DATE_LIMIT } });
    expect(advance.statusCode).toBe(400);
    expect(advance.json()).toMatchObject({ error: 'validation', errors: [{ path: 'outcome.until' }] });

    const pause = await h.call(MANAGER, 'POST', '/api/v1/availability/me', { paused: true, until: PAST_DATE_LIMIT });
    expect(pause.statusCode).toBe(400);
    expect(pause.json()).toMatchObject({ errors: [{ path: 'until' }] });

    const away = await h.call(HEAD, 'POST', `/api/v1/availability/${MANAGER}`, { away: { reason: 'training', until: PAST_DATE_LIMIT } });
    expect(away.statusCode).toBe(400);
    expect(away.json()).toMatchObject({ errors: [{ path: 'away.until' }] });

    // A sane time still works.
    const ok = await h.call(HEAD, 'POST', `/api/v1/availability/${MANAGER}`, { away: { reason: 'training', until: START + 60 * MINUTE } });
    expect(ok.statusCode).toBe(200);
  });

  it('answers 400 for NUL characters in focus strings', async () => {
    const started = await h.call(MANAGER, 'POST', '/api/v1/focus/session/start', { tabId: 'ta\u0000b', queue: [101] });
    expect(started.statusCode).toBe(400);
    expect(started.json()).toMatchObject({ errors: [{ path: 'tabId' }] });
  });
});

forEachStore('hostile input: configuration', (fixture) => {
  it.each([
    ['a NUL character', 'Пров\u0000ерка'],
    ['a lone surrogate', 'Проверка \ud800'],
  ])('answers 400 at the field for a config string with %s', async (_label, text) => {
    const { app } = await startServiceHarness(fixture.store(), { accounts: [DEMO] });
    try {
      const config = { refusals: { rules: [reviewRule({ name: text })] } };
      const response = await app.inject({ method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, 1), payload: { version: 0, config } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'validation', errors: [{ path: 'refusals.rules.0.name' }] });
    } finally {
      await app.close();
    }
  });

  it.each([
    ['distribution pool hours', { distribution: { pools: [{ pipelineId: 5, participants: [], hours: { days: {}, holidays: ['2026-13-45'] } }] } }, 'distribution.pools.0.hours.holidays.0'],
    ['a manager\'s hours', { distribution: { managerHours: [{ userId: 3, hours: { days: {}, holidays: ['2026-02-30'] } }] } }, 'distribution.managerHours.0.hours.holidays.0'],
    ['focus working hours', { focus: { schedule: { days: {}, holidays: ['2026-00-10'] } } }, 'focus.schedule.holidays.0'],
  ])('answers 400 for a holiday that is not a date in %s', async (_label, config, path) => {
    const { app } = await startServiceHarness(fixture.store(), { accounts: [DEMO] });
    try {
      const response = await app.inject({ method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, 1), payload: { version: 0, config } });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toContain(path);
    } finally {
      await app.close();
    }
  });
});
