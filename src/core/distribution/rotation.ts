/**
 * Choosing among eligible participants, one function per mode. Each takes the participants in
 * rotation order with an eligibility flag and returns the chosen index (or -1) and the next
 * rotation state. All are O(n) in the pool size.
 *
 * None of them keeps a debt: a manager who was skipped (in focus, paused, at cap) is simply not
 * considered, and on return takes their next turn like everyone else. Counting "leads received"
 * and topping up the lowest would send a burst to someone back from a long focus session.
 */

import type { DistributionMode, Loads, Participant, RotationState } from './pool';

export interface Slot { readonly participant: Participant; readonly eligible: boolean }
export interface Pick { readonly index: number; readonly next: RotationState }

/** Where the pointer resumes: after the last receiver, or at their old place if they left. */
function resumeIndex(slots: readonly Slot[], state: RotationState): number {
  const found = state.lastUserId === null ? -1 : slots.findIndex((slot) => slot.participant.userId === state.lastUserId);
  if (found >= 0) return found + 1;
  return state.lastUserId === null ? 0 : Math.max(0, state.lastIndex);
}

function advancePointer(slots: readonly Slot[], index: number, state: RotationState): RotationState {
  const chosen = slots[index];
  return chosen ? { ...state, lastUserId: chosen.participant.userId, lastIndex: index } : state;
}

/** Indexes in rotation order, starting where the pointer resumes. */
function rotationOrder(slots: readonly Slot[], state: RotationState): number[] {
  const start = resumeIndex(slots, state);
  return slots.map((_, offset) => (start + offset) % slots.length);
}

function pickRoundRobin(slots: readonly Slot[], state: RotationState): Pick {
  const index = rotationOrder(slots, state).find((candidate) => slots[candidate]?.eligible) ?? -1;
  return { index, next: advancePointer(slots, index, state) };
}

/** Fewest open deals wins; ties go round the rotation so equal loads still alternate. */
function pickLeastLoaded(slots: readonly Slot[], state: RotationState, loads: Loads): Pick {
  let index = -1;
  let lowest = Number.POSITIVE_INFINITY;
  for (const candidate of rotationOrder(slots, state)) {
    const slot = slots[candidate];
    if (!slot?.eligible) continue;
    const load = loads.get(slot.participant.userId) ?? 0;
    if (load < lowest) {
      lowest = load;
      index = candidate;
    }
  }
  return { index, next: advancePointer(slots, index, state) };
}

/**
 * Smooth weighted round robin (as in nginx's upstream balancer): every eligible participant
 * gains its weight, the highest current weight wins and pays back the round's total. Over any
 * run of leads each gets its share, interleaved (5:1:1 gives a a b a c a a, not a a a a a b c).
 * Ineligible participants keep their value untouched, so a pause accrues no credit.
 */
function pickWeighted(slots: readonly Slot[], state: RotationState): Pick {
  const weighted: Record<string, number> = {};
  let index = -1;
  let total = 0;
  slots.forEach((slot, candidate) => {
    const key = String(slot.participant.userId);
    const current = state.weighted[key] ?? 0;
    if (!slot.eligible) {
      weighted[key] = current;
      return;
    }
    weighted[key] = current + slot.participant.weight;
    total += slot.participant.weight;
    const best = slots[index];
    if (index < 0 || (best && (weighted[key] ?? 0) > (weighted[String(best.participant.userId)] ?? 0))) index = candidate;
  });
  const chosen = slots[index];
  if (chosen) weighted[String(chosen.participant.userId)] = (weighted[String(chosen.participant.userId)] ?? 0) - total;
  return { index, next: { ...advancePointer(slots, index, state), weighted } };
}

export function pickParticipant(mode: DistributionMode, slots: readonly Slot[], state: RotationState, loads: Loads): Pick {
  if (slots.length === 0) return { index: -1, next: state };
  switch (mode) {
    case 'round_robin': return pickRoundRobin(slots, state);
    case 'least_loaded': return pickLeastLoaded(slots, state, loads);
    case 'weighted': return pickWeighted(slots, state);
  }
}

