/**
 * Held leads: when nobody could take a lead and the pool holds rather than using an on-duty
 * user, the lead waits. As soon as someone becomes available (a session ends, a pause is lifted,
 * working hours begin) the service moves the held leads back into its pending batch, oldest first,
 * and decides each one here (service/distribution/decide-pool.ts), one transaction per pool.
 */
import type { EpochMs } from '../brand';
import { decideWithTrigger, type AssignmentResult } from './decide';
import type { AvailabilityMap, DistributionPool, IncomingLead, Loads, RotationState } from './pool';

/**
 * A held lead's second chance, through the pool's normal rules (rotation, caps, sticky owner),
 * logged as `held_handout`. Held leads are never passed to the on-duty user: they were held
 * because the pool holds, so a `held` decision keeps them in line.
 */
export function decideHeldHandout(
  lead: IncomingLead, pool: DistributionPool, rotationState: RotationState, loads: Loads,
  availability: AvailabilityMap, now: EpochMs,
): AssignmentResult {
  const holdingPool: DistributionPool = { ...pool, whenNobodyAvailable: { kind: 'hold' } };
  return decideWithTrigger(lead, holdingPool, rotationState, loads, availability, now, 'held_handout');
}
