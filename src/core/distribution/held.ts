/**
 * Held leads: when nobody could take a lead and the pool holds rather than using an on-duty
 * user, the lead waits. As soon as someone becomes available (a session ends, a pause is lifted,
 * working hours begin) the service calls planHeldLeadHandout and applies the plan in one
 * transaction.
 */
import type { EpochMs, UserId } from '../brand';
import { decideWithTrigger } from './decide';
import type { AssignmentDecision, AvailabilityMap, DistributionPool, IncomingLead, Loads, RotationState } from './pool';

export interface HandoutPlan {
  /** Assigned decisions, in the order the leads arrived. */
  readonly decisions: readonly AssignmentDecision[];
  /** Leads still waiting, in arrival order. */
  readonly stillHeld: readonly IncomingLead[];
  readonly nextRotationState: RotationState;
  /** Loads after the plan, so caps hold across the handout itself. */
  readonly nextLoads: Loads;
}

/** Oldest first; the lead id breaks ties so the order never depends on how rows came back. */
export function sortByArrival(leads: readonly IncomingLead[]): IncomingLead[] {
  return [...leads].sort((a, b) => a.arrivedAt - b.arrivedAt || a.id - b.id);
}

/**
 * Hands held leads out in arrival order through the pool's normal rules, each decision seeing the
 * loads and rotation left by the previous one, so one returning manager does not get every held
 * lead at once unless nobody else can take them (caps still apply). Stops at the first lead that
 * cannot be placed: the rest keep their place in line.
 */
export function planHeldLeadHandout(
  held: readonly IncomingLead[], pool: DistributionPool, rotationState: RotationState, loads: Loads,
  availability: AvailabilityMap, now: EpochMs,
): HandoutPlan {
  const queue = sortByArrival(held);
  const nextLoads = new Map<UserId, number>(loads);
  const decisions: AssignmentDecision[] = [];
  let rotation = rotationState;
  // Held leads are never passed to the on-duty user: they were held because the pool holds.
  const holdingPool: DistributionPool = { ...pool, whenNobodyAvailable: { kind: 'hold' } };
  for (let index = 0; index < queue.length; index += 1) {
    const lead = queue[index];
    if (!lead) break;
    const { decision, nextRotationState } = decideWithTrigger(lead, holdingPool, rotation, nextLoads, availability, now, 'held_handout');
    if (decision.kind === 'held') {
      return { decisions, stillHeld: queue.slice(index), nextRotationState: rotation, nextLoads };
    }
    decisions.push(decision);
    nextLoads.set(decision.userId, (nextLoads.get(decision.userId) ?? 0) + 1);
    rotation = nextRotationState;
  }
  return { decisions, stillHeld: [], nextRotationState: rotation, nextLoads };
}
