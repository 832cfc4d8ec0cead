/**
 * One working-hours shape for focus, distribution and refusals (issue 12 item 1): documents and
 * clients still using one of the three old shapes are read in the new one with the same meaning
 * (src/service/config/legacy-hours.ts), and migration 0470 rewrites stored documents once.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import { isWithinWorkingHours, toWorkingSchedule } from '../../src/core/time/schedule';
import { loadConfig } from '../../src/service/config/repository';
import { up as migrateHours } from '../../src/service/store/migrations/0470_one_working_hours_shape';
import { authHeaders, DEMO, startServiceHarness } from '../support/service-harness';
import { forEachStore } from '../support/service-store';

const MON_TUE = { 1: [{ start: 540, end: 780 }, { start: 840, end: 1080 }], 2: [{ start: 600, end: 1440 }] };
const HOLIDAYS = ['2027-01-07'];

/** Each section's hours as it was stored before the one shape. */
const OLD_DOCUMENT = {
  focus: { schedule: { timezone: 'Europe/Moscow', days: { 1: MON_TUE[1], 2: MON_TUE[2] }, holidays: HOLIDAYS } },
  distribution: {
    pools: [{
      pipelineId: 10, participants: [{ userId: 3 }],
      hours: { days: { 1: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }], 2: [{ from: '10:00', to: '24:00' }] }, holidays: HOLIDAYS },
    }],
    managerHours: [{ userId: 3, hours: { days: { 2: [{ from: '10:00', to: '24:00' }] } } }],
  },
  refusals: {
    schedule: {
      timezone: 'Europe/Moscow',
      days: { 1: [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], 2: [{ start: '10:00', end: '24:00' }] },
      holidays: HOLIDAYS,
    },
  },
};

const ONE_SHAPE = { days: MON_TUE, holidays: HOLIDAYS };

forEachStore('working hours in one shape', (fixture) => {
  let app: FastifyInstance;
  const ADMIN = 1;
  const db = () => fixture.store().db;
  const store = async (body: unknown): Promise<void> => {
    await sql`INSERT INTO account_configs (account_id, version, body, updated_at) VALUES (${DEMO.id}, 3, ${JSON.stringify(body)}::jsonb, now())`.execute(db());
  };

  beforeEach(async () => { ({ app } = await startServiceHarness(fixture.store(), { accounts: [DEMO] })); });
  afterEach(async () => app.close());

  it('reads a stored document of each old shape back in the one shape, with the same hours', async () => {
    await store(OLD_DOCUMENT);
    const { config, unreadable, version } = await loadConfig(db(), DEMO.id as AccountId);
    expect({ unreadable, version }).toEqual({ unreadable: false, version: 3 });
    expect(config.focus.schedule).toEqual(ONE_SHAPE);
    expect(config.distribution.pools[0]?.hours).toEqual(ONE_SHAPE);
    expect(config.distribution.managerHours[0]?.hours).toEqual({ days: { 2: MON_TUE[2] }, holidays: [] });
    expect(config.refusals.schedule).toEqual(ONE_SHAPE);
    // Same meaning: Monday 13:30 Moscow is the lunch break, 14:30 is working time, in all three.
    const monday = (h: number, m: number) => Date.UTC(2026, 11, 7, h - 3, m) as EpochMs;
    for (const hours of [config.focus.schedule, config.distribution.pools[0]?.hours, config.refusals.schedule]) {
      const schedule = toWorkingSchedule(hours ?? { days: {} }, 'Europe/Moscow');
      expect([monday(13, 30), monday(14, 30)].map((at) => isWithinWorkingHours(schedule, at))).toEqual([false, true]);
    }
  });

  it('rewrites stored documents once in the one shape (migration 0470), keeping the version', async () => {
    await store({ ...OLD_DOCUMENT, refusals: { schedule: { timezone: 'Asia/Kolkata' } } });
    await migrateHours(db() as never);
    const row = await db().selectFrom('account_configs').select(['body', 'version']).where('account_id', '=', DEMO.id as AccountId).executeTakeFirstOrThrow();
    const body = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as typeof OLD_DOCUMENT;
    expect(row.version).toBe(3);
    expect(body.focus.schedule).toEqual(ONE_SHAPE);
    expect(body.distribution.pools[0]?.hours).toEqual(ONE_SHAPE);
    // A refusal schedule without days meant Monday to Friday, 09:00–18:00.
    const nineToSix = [{ start: 540, end: 1080 }];
    expect(body.refusals.schedule).toEqual({ days: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix } });
  });

  it('accepts hours an old client sends in an old shape and answers in the one shape', async () => {
    const response = await app.inject({
      method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, ADMIN), payload: { version: 0, config: OLD_DOCUMENT },
    });
    expect(response.statusCode).toBe(200);
    const { config } = response.json<{ config: typeof OLD_DOCUMENT }>();
    expect([config.focus.schedule, config.distribution.pools[0]?.hours, config.refusals.schedule]).toEqual([ONE_SHAPE, ONE_SHAPE, ONE_SHAPE]);
  });

  it('refuses an old-shape time that is no HH:MM with a 400 at its field', async () => {
    const response = await app.inject({
      method: 'PUT', url: '/api/v1/config', headers: await authHeaders(DEMO.id, ADMIN),
      payload: { version: 0, config: { distribution: { pools: [{ pipelineId: 10, participants: [], hours: { days: { 1: [{ from: '9h', to: '18:00' }] } } }] } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path)).toEqual(['distribution.pools.0.hours.days.1.0.start']);
  });
});
