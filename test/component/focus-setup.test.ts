/**
 * The widget reads working hours in the same zone as the service (core resolveAccountTimeZone):
 * the zone an admin set in general settings, else amoCRM's own. "Tomorrow morning" in the panel
 * and the service's end of day must not disagree about when a day starts.
 */
import { describe, expect, it } from 'vitest';
import { loadFocusSetup } from '../../src/widget/features/focus/focus-setup';
import { configResponse, on, scriptedService } from './admin-fixtures';
import { buildAppEnv } from './helpers/app-env';

const NO_SESSION = on('GET', '/api/v1/focus/session', () => ({ body: { session: null, snoozed: [], availability: { kind: 'available' } } }));
const weekdays = { 1: [{ start: 540, end: 1080 }], 2: [{ start: 540, end: 1080 }] };

describe('focus setup: working hours in the account time', () => {
  it('reads the focus hours in the zone an admin set in general settings', async () => {
    const { service } = scriptedService([
      on('GET', '/api/v1/config', () => ({ body: configResponse((c) => ({
        ...c, general: { ...c.general, timezone: 'Asia/Kolkata' }, focus: { ...c.focus, schedule: { days: weekdays, holidays: [] } },
      })) })),
      NO_SESSION,
    ]);
    const setup = await loadFocusSetup(buildAppEnv({ service }), null, new Map());
    expect(setup.schedule.timezone).toBe('Asia/Kolkata');
  });

  it('reads them in amoCRM\'s zone for the account when no admin set one, ignoring a zone left in the focus section', async () => {
    const { service } = scriptedService([
      on('GET', '/api/v1/config', () => ({ body: configResponse((c) => ({
        ...c, focus: { ...c.focus, schedule: { timezone: 'America/Sao_Paulo', days: weekdays, holidays: [] } },
      })) })),
      NO_SESSION,
    ]);
    const setup = await loadFocusSetup(buildAppEnv({ service }), null, new Map());
    expect(setup.service.kind).toBe('connected');
    expect(setup.schedule.timezone).toBe('Europe/Moscow');
  });

  it('uses the admin\'s zone for the default hours too', async () => {
    const { service } = scriptedService([
      on('GET', '/api/v1/config', () => ({ body: configResponse((c) => ({ ...c, general: { ...c.general, timezone: 'Asia/Kolkata' } })) })),
      NO_SESSION,
    ]);
    const setup = await loadFocusSetup(buildAppEnv({ service }), null, new Map());
    expect(setup.schedule.timezone).toBe('Asia/Kolkata');
  });
});
