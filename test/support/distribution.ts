import type { EpochMs, LeadId, PipelineId, UserId } from '../../src/core/brand';
import type { Availability } from '../../src/core/distribution/availability';
import type { DistributionPool, IncomingLead, Participant } from '../../src/core/distribution/pool';
import { JUNE_2_2025_NOON_MOSCOW } from './time';

export const ANNA = 1 as UserId;
export const BORIS = 2 as UserId;
export const VERA = 3 as UserId;
export const DUTY = 9 as UserId;
const PIPELINE = 500 as PipelineId;
export const NOW = JUNE_2_2025_NOON_MOSCOW;

export const participant = (userId: UserId, overrides: Partial<Participant> = {}): Participant =>
  ({ userId, weight: 1, cap: null, ...overrides });

export function buildPool(overrides: Partial<DistributionPool> = {}): DistributionPool {
  return {
    pipelineId: PIPELINE,
    mode: 'round_robin',
    participants: [participant(ANNA), participant(BORIS), participant(VERA)],
    stickyOwner: false,
    whenNobodyAvailable: { kind: 'hold' },
    guard: false,
    ...overrides,
  };
}

let nextLead = 1;
export function buildLead(overrides: Partial<IncomingLead> = {}): IncomingLead {
  const id = nextLead++ as LeadId;
  return { id, pipelineId: PIPELINE, arrivedAt: (NOW + id) as EpochMs, contactOwnerId: null, responsibleUserId: null, ...overrides };
}

const AVAILABLE: Availability = { kind: 'available' };
export const IN_FOCUS: Availability = { kind: 'focus', since: NOW };

/** Everyone available unless listed. */
export function availabilityOf(users: readonly UserId[], exceptions: Array<[UserId, Availability]> = []): Map<UserId, Availability> {
  const map = new Map<UserId, Availability>(users.map((user) => [user, AVAILABLE]));
  for (const [user, availability] of exceptions) map.set(user, availability);
  return map;
}
