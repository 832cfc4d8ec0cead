/**
 * Who gets a lead, with a log that explains it: every participant and why each was skipped,
 * who got it and why. The function is pure and O(pool size): the service loads the rotation
 * state, loads and availability, calls it, and stores the decision and `nextRotationState` in
 * one transaction (so two triggers at once cannot both take the same turn).
 */
import type { EpochMs, UserId } from '../brand';
import type { Availability } from './availability';
import type {
  AssignmentDecision, AssignmentReason, AvailabilityMap, CandidateVerdict, DecisionTrigger, DistributionPool,
  IncomingLead, Loads, Participant, RotationState, SkipReason,
} from './pool';
import { pickParticipant, type Slot } from './rotation';

export interface AssignmentResult {
  readonly decision: AssignmentDecision;
  readonly nextRotationState: RotationState;
}

const UNKNOWN: Availability = { kind: 'absent' };

function availabilitySkip(availability: Availability): SkipReason | null {
  switch (availability.kind) {
    case 'available': return null;
    case 'focus': return { code: 'in_focus' };
    case 'self_paused': return { code: 'self_paused', until: availability.until };
    case 'away': return { code: 'away', by: availability.by, reason: availability.reason, until: availability.until };
    case 'outside_hours': return { code: 'outside_hours', nextStart: availability.nextStart };
    case 'absent': return { code: 'absent' };
  }
}

/** Why this participant cannot take a lead now, or null if they can. */
function deriveSkipReason(
  participant: Participant, pool: DistributionPool, loads: Loads, availability: AvailabilityMap,
): SkipReason | null {
  const unavailable = availabilitySkip(availability.get(participant.userId) ?? UNKNOWN);
  if (unavailable) return unavailable;
  const load = loads.get(participant.userId) ?? 0;
  if (participant.cap !== null && load >= participant.cap) return { code: 'at_cap', cap: participant.cap, load };
  if (pool.mode === 'weighted' && !(participant.weight > 0)) return { code: 'zero_weight' };
  return null;
}

function verdicts(participants: readonly Participant[], skips: ReadonlyArray<SkipReason | null>, chosen: UserId | null): CandidateVerdict[] {
  return participants.map((participant, index) => {
    const reason = skips[index];
    if (reason) return { userId: participant.userId, status: 'skipped', reason };
    return { userId: participant.userId, status: participant.userId === chosen ? 'chosen' : 'eligible' };
  });
}

/** The sticky owner, when the pool uses it and they are a participant who can take the lead now. */
function stickyIndex(lead: IncomingLead, pool: DistributionPool, skips: ReadonlyArray<SkipReason | null>): number {
  if (!pool.stickyOwner || lead.contactOwnerId === null) return -1;
  const index = pool.participants.findIndex((participant) => participant.userId === lead.contactOwnerId);
  return index >= 0 && skips[index] === null ? index : -1;
}

/** A contact owner outside the pool is logged, so "why not the usual manager?" has an answer. */
function outsiderOwner(lead: IncomingLead, pool: DistributionPool): CandidateVerdict[] {
  if (!pool.stickyOwner || lead.contactOwnerId === null) return [];
  if (pool.participants.some((participant) => participant.userId === lead.contactOwnerId)) return [];
  return [{ userId: lead.contactOwnerId, status: 'skipped', reason: { code: 'not_participant' } }];
}

/**
 * Who gets a lead. Order of preference: the sticky owner (the contact's responsible, when the
 * pool uses it and they can take it now — their rotation turn is not spent); the pool's mode among
 * participants who are available and under their cap; the on-duty user; otherwise the lead is
 * held (see held.ts). `availability` should come from deriveAvailability; a participant missing
 * from it counts as absent. `trigger` is what the decision log records ('new_lead' for a new lead).
 */
export function decideWithTrigger(
  lead: IncomingLead, pool: DistributionPool, rotation: RotationState, loads: Loads,
  availability: AvailabilityMap, now: EpochMs, trigger: DecisionTrigger,
): AssignmentResult {
  const skips = pool.participants.map((participant) => deriveSkipReason(participant, pool, loads, availability));
  const base = { leadId: lead.id, pipelineId: lead.pipelineId, at: now, trigger };
  const assigned = (userId: UserId, why: AssignmentReason, nextRotationState: RotationState): AssignmentResult => ({
    decision: { ...base, kind: 'assigned', userId, why, candidates: [...outsiderOwner(lead, pool), ...verdicts(pool.participants, skips, userId)] },
    nextRotationState,
  });

  const sticky = pool.participants[stickyIndex(lead, pool, skips)];
  if (sticky) return assigned(sticky.userId, 'sticky_owner', rotation);

  const slots: Slot[] = pool.participants.map((participant, index) => ({ participant, eligible: skips[index] === null }));
  const pick = pickParticipant(pool.mode, slots, rotation, loads);
  const chosen = pool.participants[pick.index];
  if (chosen) return assigned(chosen.userId, pool.mode, pick.next);

  if (pool.whenNobodyAvailable.kind === 'on_duty') return assigned(pool.whenNobodyAvailable.userId, 'on_duty', rotation);
  return {
    decision: { ...base, kind: 'held', candidates: [...outsiderOwner(lead, pool), ...verdicts(pool.participants, skips, null)] },
    nextRotationState: rotation,
  };
}

export type GuardResult =
  | { readonly kind: 'keep' }
  | { readonly kind: 'reassign'; readonly from: UserId; readonly decision: AssignmentDecision; readonly nextRotationState: RotationState };

/**
 * Guard mode: a lead something else (amoCRM's own rules, a Salesbot, a person) gave to a manager
 * who is in focus goes back through distribution. The focused manager is skipped there as
 * "in_focus" like any other. A `held` decision means nobody can take it either: leave it where it
 * is and queue it for the held handout (held.ts); with an on-duty user it goes to them.
 */
export function decideGuard(
  lead: IncomingLead, pool: DistributionPool, rotationState: RotationState, loads: Loads,
  availability: AvailabilityMap, now: EpochMs,
): GuardResult {
  const holder = lead.responsibleUserId;
  if (!pool.guard || holder === null || availability.get(holder)?.kind !== 'focus') return { kind: 'keep' };
  const result = decideWithTrigger(lead, pool, rotationState, loads, availability, now, 'guard');
  return { kind: 'reassign', from: holder, ...result };
}
