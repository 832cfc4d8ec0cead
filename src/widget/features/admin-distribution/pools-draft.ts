/** Editing `distribution.pools`: pure updates and client checks mirroring the service schema. */
import type { AccountConfig } from '../../service-client';
import type { FieldErrors, FieldMessage } from '../settings-kit/config-editor';
import { defaultHours, validateHours } from '../settings-kit/working-hours-draft';

export type PoolConfig = AccountConfig['distribution']['pools'][number];
export type ParticipantConfig = PoolConfig['participants'][number];
export type ManagerHours = AccountConfig['distribution']['managerHours'][number];

export function newPool(pipelineId: number): PoolConfig {
  return {
    pipelineId, mode: 'round_robin', participants: [], loadStatusIds: [], hours: null, stickyOwner: false, guard: false,
    whenNobodyAvailable: { kind: 'hold' }, triggers: { digitalPipeline: true, dpStatusIds: [], webhookStatusIds: [] },
  };
}

export function withParticipant(pool: PoolConfig, userId: number, on: boolean): PoolConfig {
  const has = pool.participants.some((entry) => entry.userId === userId);
  if (on === has) return pool;
  return { ...pool, participants: on ? [...pool.participants, { userId, weight: 1, cap: null }] : pool.participants.filter((entry) => entry.userId !== userId) };
}

export function withParticipantField(pool: PoolConfig, userId: number, change: Partial<ParticipantConfig>): PoolConfig {
  return { ...pool, participants: pool.participants.map((entry) => (entry.userId === userId ? { ...entry, ...change } : entry)) };
}

export function validatePools(config: AccountConfig): FieldErrors {
  const errors = new Map<string, FieldMessage>();
  config.distribution.pools.forEach((pool, index) => {
    const at = `distribution.pools.${index}`;
    pool.participants.forEach((entry, position) => {
      if (!Number.isInteger(entry.weight) || entry.weight < 0 || entry.weight > 100) errors.set(`${at}.participants.${position}.weight`, { key: 'adminFocus.errors.range', params: { min: 0, max: 100 } });
      if (entry.cap !== null && (!Number.isInteger(entry.cap) || entry.cap < 1 || entry.cap > 10_000)) errors.set(`${at}.participants.${position}.cap`, { key: 'adminFocus.errors.range', params: { min: 1, max: 10000 } });
    });
    if (pool.mode === 'weighted' && pool.participants.length > 0 && pool.participants.every((entry) => entry.weight === 0)) {
      errors.set(`${at}.participants`, { key: 'distribution.pools.allZero' });
    }
    if (pool.whenNobodyAvailable.kind === 'on_duty' && !(pool.whenNobodyAvailable.userId > 0)) errors.set(`${at}.whenNobodyAvailable.userId`, { key: 'distribution.pools.pickOnDuty' });
    if (pool.hours !== null) validateHours(pool.hours, `${at}.hours`, errors);
  });
  config.distribution.managerHours.forEach((entry, index) => validateHours(entry.hours, `distribution.managerHours.${index}.hours`, errors));
  return errors;
}

/** A manager's own hours replace the pool's; new overrides start from the usual week. */
export function withManagerHours(list: readonly ManagerHours[], userId: number): ManagerHours[] {
  if (list.some((entry) => entry.userId === userId)) return [...list];
  return [...list, { userId, hours: defaultHours() }];
}
