import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GroupId, UserId } from '../../src/core/brand';
import { resolveFilterFor } from '../../src/core/focus/filter';
import { accountConfigSchema } from '../../src/service/config/schema';
import { deriveConfigWarnings } from '../../src/service/config/warnings';
import { toFocusConfig } from '../../src/core/focus/stored-config';
import { DEMO, group, user } from '../support/service-harness';
import { buildFocusHarness, type FocusHarness } from '../support/service-focus';
import { forEachStore } from '../support/service-store';

describe('focus configuration section', () => {
  it('defaults to an empty layered config without a schedule', () => {
    expect(accountConfigSchema.parse({}).focus).toEqual({ defaults: {}, groups: [], managers: [], schedule: null });
  });

  it('layers defaults, the group filter and the manager override into the core filter', () => {
    const { focus } = accountConfigSchema.parse({
      focus: {
        defaults: { idleTimeoutMinutes: 15, minValue: 500 },
        groups: [{ groupId: 10, filter: { minValue: 1000, tagsOut: ['vip'] } }],
        managers: [{ managerId: 4, filter: { minValue: null } }],
      },
    });
    const config = toFocusConfig(focus);
    expect(resolveFilterFor(3 as UserId, 10 as GroupId, config)).toMatchObject({ idleTimeoutMinutes: 15, minValue: 1000, tagsOut: ['vip'] });
    expect(resolveFilterFor(4 as UserId, 10 as GroupId, config)).toMatchObject({ idleTimeoutMinutes: 15, minValue: null, tagsOut: ['vip'] });
  });

  it('warns about a deleted group, an unknown and a deactivated manager', () => {
    const config = accountConfigSchema.parse({
      focus: { groups: [{ groupId: 77, filter: {} }], managers: [{ managerId: 99, filter: {} }, { managerId: 5, filter: {} }] },
    });
    const warnings = deriveConfigWarnings(config, { users: [user(5, { isActive: false })], groups: [group(10)] });
    expect(warnings.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'focus.groups.0.groupId', code: 'unknown_group' },
      { path: 'focus.managers.0.managerId', code: 'unknown_user' },
      { path: 'focus.managers.1.managerId', code: 'inactive_user' },
    ]);
  });
});

forEachStore('focus configuration over the API', (fixture) => {
  let h: FocusHarness;
  beforeEach(async () => { h = await buildFocusHarness(fixture.store(), [DEMO]); });
  afterEach(async () => h.app.close());

  it('answers invalid filters with the path of every bad field', async () => {
    const response = await h.call(1, 'PUT', '/api/v1/config', {
      version: 0,
      config: {
        focus: {
          defaults: { idleTimeoutMinutes: 0, taskStates: ['soon'], order: ['value', 'value'] },
          groups: [{ groupId: 10, filter: { stages: [{ pipelineId: 1, statusId: -3 }], endOfDayMinute: 1440 } }],
          managers: [{ managerId: 4, filter: { cooldownHours: -1, unknownField: 1 } }],
          schedule: { timezone: 'Mars/Olympus', days: { 1: [{ start: 600, end: 540 }] } },
        },
      },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: Array<{ path: string }> }>().errors.map((error) => error.path).sort();
    expect(paths).toEqual([
      'focus.defaults.idleTimeoutMinutes',
      'focus.defaults.order',
      'focus.defaults.taskStates.0',
      'focus.groups.0.filter.endOfDayMinute',
      'focus.groups.0.filter.stages.0.statusId',
      'focus.managers.0.filter',
      'focus.managers.0.filter.cooldownHours',
      'focus.schedule.days.1.0.end',
      'focus.schedule.timezone',
    ]);
  });

  it('saves a valid filter and serves warnings for a manager who left', async () => {
    const saved = await h.call(1, 'PUT', '/api/v1/config', { version: 0, config: { focus: { managers: [{ managerId: 42, filter: { minValue: 10 } }] } } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ config: { focus: { managers: [{ managerId: 42, filter: { minValue: 10 } }] } }, warnings: [{ path: 'focus.managers.0.managerId', code: 'unknown_user' }] });
  });
});
