/**
 * A feature view's surroundings for component tests: an AppEnv with a scripted amoCRM and
 * service. Override what a test needs; unscripted calls fail loudly instead of hanging.
 */
import type { AccountId, EpochMs, GroupId, LeadId, TaskTypeId, UserId } from '../../../src/core/brand';
import type { AppEnv, AppUser } from '../../../src/widget/features/app-env';
import { unscriptedAmo } from './fake-crm';

export const buildUser = (overrides: Partial<AppUser> = {}): AppUser => ({
  id: 101 as UserId, name: 'Анна Менеджер', isAdmin: false, isActive: true, groupId: 1 as GroupId, ...overrides,
});

export function buildAppEnv(overrides: Partial<AppEnv> = {}): AppEnv {
  const user = overrides.user ?? buildUser();
  return {
    user,
    account: { id: 31000001 as AccountId, subdomain: 'demo', timeZone: 'Europe/Moscow' },
    managers: [user],
    groups: [{ id: 1 as GroupId, name: 'Отдел продаж 1' }],
    taskTypes: [{ id: 1 as TaskTypeId, name: 'Связаться' }, { id: 2 as TaskTypeId, name: 'Встреча' }],
    amo: unscriptedAmo(),
    service: null,
    openLead: (_id: LeadId) => undefined,
    currentLeadId: () => null,
    now: () => Date.UTC(2026, 10, 23, 9, 0) as EpochMs,
    ...overrides,
  };
}
