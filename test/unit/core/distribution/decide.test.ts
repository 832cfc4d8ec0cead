import { describe, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../../../src/core/brand';
import type { Availability } from '../../../../src/core/distribution/availability';
import { decideGuard, decideWithTrigger } from '../../../../src/core/distribution/decide';
import {
  INITIAL_ROTATION, type AssignmentDecision, type DistributionPool, type RotationState,
} from '../../../../src/core/distribution/pool';
import {
  ANNA, availabilityOf, BORIS, buildLead, buildPool, DUTY, IN_FOCUS, NOW, participant, VERA,
} from '../../../support/distribution';

const everyone = [ANNA, BORIS, VERA];
const noLoads = new Map<UserId, number>();

/** Distributes `count` leads, with availability per lead index; returns who got each. */
function distribute(
  pool: DistributionPool, count: number, availabilityAt: (index: number) => Map<UserId, Availability> = () => availabilityOf(everyone),
  start: RotationState = INITIAL_ROTATION,
): { receivers: Array<UserId | null>; state: RotationState } {
  let state = start;
  const receivers: Array<UserId | null> = [];
  for (let index = 0; index < count; index += 1) {
    const { decision, nextRotationState } = decideWithTrigger(buildLead(), pool, state, noLoads, availabilityAt(index), NOW, 'new_lead');
    receivers.push(decision.kind === 'assigned' ? decision.userId : null);
    state = nextRotationState;
  }
  return { receivers, state };
}

const assignedTo = (decision: AssignmentDecision): UserId | null => (decision.kind === 'assigned' ? decision.userId : null);

describe('round robin', () => {
  it('takes turns in participant order', () => {
    expect(distribute(buildPool(), 7).receivers).toEqual([ANNA, BORIS, VERA, ANNA, BORIS, VERA, ANNA]);
  });

  it('gives no catch-up burst to someone back from focus', () => {
    // Anna is in focus for leads 1–6, then back.
    const { receivers } = distribute(buildPool(), 15, (index) =>
      availabilityOf(everyone, index < 6 ? [[ANNA, IN_FOCUS]] : []));
    expect(receivers.slice(0, 6)).toEqual([BORIS, VERA, BORIS, VERA, BORIS, VERA]);
    const afterReturn = receivers.slice(6);
    for (let index = 1; index < afterReturn.length; index += 1) expect(afterReturn[index]).not.toBe(afterReturn[index - 1]);
    expect(afterReturn.filter((user) => user === ANNA)).toHaveLength(3);
  });

  it('resumes at the same place when the last receiver left the pool', () => {
    const state: RotationState = { ...INITIAL_ROTATION, lastUserId: 77 as UserId, lastIndex: 1 };
    expect(distribute(buildPool(), 2, undefined, state).receivers).toEqual([BORIS, VERA]);
  });
});

describe('least loaded', () => {
  it('gives the lead to whoever has the fewest open deals', () => {
    const loads = new Map([[ANNA, 12], [BORIS, 4], [VERA, 9]]);
    const { decision } = decideWithTrigger(buildLead(), buildPool({ mode: 'least_loaded' }), INITIAL_ROTATION, loads, availabilityOf(everyone), NOW, 'new_lead');
    expect(decision).toMatchObject({ kind: 'assigned', userId: BORIS, why: 'least_loaded' });
  });

  it('alternates between managers with equal loads', () => {
    const loads = new Map([[ANNA, 5], [BORIS, 5], [VERA, 8]]);
    const pool = buildPool({ mode: 'least_loaded' });
    const first = decideWithTrigger(buildLead(), pool, INITIAL_ROTATION, loads, availabilityOf(everyone), NOW, 'new_lead');
    const second = decideWithTrigger(buildLead(), pool, first.nextRotationState, loads, availabilityOf(everyone), NOW, 'new_lead');
    expect([assignedTo(first.decision), assignedTo(second.decision)]).toEqual([ANNA, BORIS]);
  });
});

describe('weighted', () => {
  const pool = buildPool({ mode: 'weighted', participants: [participant(ANNA, { weight: 5 }), participant(BORIS, { weight: 3 }), participant(VERA, { weight: 2 })] });
  const count = (receivers: Array<UserId | null>, user: UserId): number => receivers.filter((receiver) => receiver === user).length;

  it('splits 1,000 leads 5:3:2', () => {
    const { receivers } = distribute(pool, 1000);
    expect([count(receivers, ANNA), count(receivers, BORIS), count(receivers, VERA)]).toEqual([500, 300, 200]);
  });

  it('interleaves rather than sending runs', () => {
    const { receivers } = distribute(pool, 10);
    expect(receivers).toEqual([ANNA, BORIS, VERA, ANNA, ANNA, BORIS, ANNA, VERA, BORIS, ANNA]);
  });

  it('builds up no credit while someone is paused', () => {
    const paused: Availability = { kind: 'self_paused', since: NOW, until: null };
    const { receivers } = distribute(pool, 110, (index) => availabilityOf(everyone, index < 100 ? [[VERA, paused]] : []));
    expect(count(receivers.slice(0, 100), VERA)).toBe(0);
    expect(count(receivers.slice(100), VERA)).toBeLessThanOrEqual(3);
    expect(count(receivers.slice(100), VERA)).toBeGreaterThanOrEqual(1);
  });

  it('skips a zero-weight participant', () => {
    const zero = buildPool({ mode: 'weighted', participants: [participant(ANNA, { weight: 0 }), participant(BORIS)] });
    const { decision } = decideWithTrigger(buildLead(), zero, INITIAL_ROTATION, noLoads, availabilityOf(everyone), NOW, 'new_lead');
    expect(decision.candidates[0]).toEqual({ userId: ANNA, status: 'skipped', reason: { code: 'zero_weight' } });
    expect(assignedTo(decision)).toBe(BORIS);
  });
});

describe('decision log', () => {
  it('lists every candidate and why each was skipped', () => {
    const extra = [4, 5, 6].map((id) => id as UserId);
    const pool = buildPool({ participants: [...everyone, ...extra].map((user) => participant(user, { cap: user === BORIS ? 30 : null })) });
    const availability = availabilityOf([...everyone, ...extra], [
      [ANNA, IN_FOCUS],
      [VERA, { kind: 'outside_hours', nextStart: (NOW + 3_600_000) as EpochMs }],
      [4 as UserId, { kind: 'self_paused', since: NOW, until: null }],
      [5 as UserId, { kind: 'away', by: DUTY, reason: 'vacation', until: null }],
      [6 as UserId, { kind: 'absent' }],
    ]);
    const { decision } = decideWithTrigger(buildLead(), pool, INITIAL_ROTATION, new Map([[BORIS, 30]]), availability, NOW, 'new_lead');
    expect(decision.kind).toBe('held');
    expect(decision.candidates.map((candidate) => (candidate.status === 'skipped' ? candidate.reason : candidate.status))).toEqual([
      { code: 'in_focus' },
      { code: 'at_cap', cap: 30, load: 30 },
      { code: 'outside_hours', nextStart: NOW + 3_600_000 },
      { code: 'self_paused', until: null },
      { code: 'away', by: DUTY, reason: 'vacation', until: null },
      { code: 'absent' },
    ]);
  });

  it('marks who got the lead and who else could have', () => {
    const { decision } = decideWithTrigger(buildLead(), buildPool(), INITIAL_ROTATION, noLoads, availabilityOf(everyone), NOW, 'new_lead');
    expect(decision).toMatchObject({ kind: 'assigned', userId: ANNA, why: 'round_robin', trigger: 'new_lead', at: NOW });
    expect(decision.candidates.map((candidate) => candidate.status)).toEqual(['chosen', 'eligible', 'eligible']);
  });

  it('counts a participant missing from the availability map as absent', () => {
    const { decision } = decideWithTrigger(buildLead(), buildPool(), INITIAL_ROTATION, noLoads, availabilityOf([BORIS]), NOW, 'new_lead');
    expect(decision.candidates[0]).toEqual({ userId: ANNA, status: 'skipped', reason: { code: 'absent' } });
    expect(assignedTo(decision)).toBe(BORIS);
  });
});

describe('caps and nobody available', () => {
  it('skips a manager at their cap and moves on', () => {
    const pool = buildPool({ participants: [participant(ANNA, { cap: 2 }), participant(BORIS, { cap: 2 })] });
    const { decision } = decideWithTrigger(buildLead(), pool, INITIAL_ROTATION, new Map([[ANNA, 2], [BORIS, 1]]), availabilityOf(everyone), NOW, 'new_lead');
    expect(assignedTo(decision)).toBe(BORIS);
  });

  it('gives the lead to the on-duty user when nobody can take it, keeping the rotation', () => {
    const pool = buildPool({ whenNobodyAvailable: { kind: 'on_duty', userId: DUTY } });
    const state: RotationState = { ...INITIAL_ROTATION, lastUserId: BORIS, lastIndex: 1 };
    const result = decideWithTrigger(buildLead(), pool, state, noLoads, availabilityOf([]), NOW, 'new_lead');
    expect(result.decision).toMatchObject({ kind: 'assigned', userId: DUTY, why: 'on_duty' });
    expect(result.nextRotationState).toBe(state);
  });

  it('holds the lead when the pool holds and nobody can take it', () => {
    const result = decideWithTrigger(buildLead(), buildPool(), INITIAL_ROTATION, noLoads, availabilityOf(everyone, everyone.map((user) => [user, IN_FOCUS])), NOW, 'new_lead');
    expect(result.decision.kind).toBe('held');
    expect(result.nextRotationState).toBe(INITIAL_ROTATION);
  });
});

describe('sticky owner', () => {
  const sticky = buildPool({ stickyOwner: true });

  it('gives the lead to the contact\'s responsible without spending their turn', () => {
    const result = decideWithTrigger(buildLead({ contactOwnerId: VERA }), sticky, INITIAL_ROTATION, noLoads, availabilityOf(everyone), NOW, 'new_lead');
    expect(result.decision).toMatchObject({ kind: 'assigned', userId: VERA, why: 'sticky_owner' });
    expect(result.nextRotationState).toBe(INITIAL_ROTATION);
  });

  it('falls back to the rotation when the owner is in focus', () => {
    const { decision } = decideWithTrigger(buildLead({ contactOwnerId: VERA }), sticky, INITIAL_ROTATION, noLoads, availabilityOf(everyone, [[VERA, IN_FOCUS]]), NOW, 'new_lead');
    expect(decision).toMatchObject({ kind: 'assigned', userId: ANNA, why: 'round_robin' });
    expect(decision.candidates[2]).toEqual({ userId: VERA, status: 'skipped', reason: { code: 'in_focus' } });
  });

  it('logs an owner who is not in the pool as not a participant', () => {
    const outsider = 42 as UserId;
    const { decision } = decideWithTrigger(buildLead({ contactOwnerId: outsider }), sticky, INITIAL_ROTATION, noLoads, availabilityOf([...everyone, outsider]), NOW, 'new_lead');
    expect(decision.candidates[0]).toEqual({ userId: outsider, status: 'skipped', reason: { code: 'not_participant' } });
    expect(assignedTo(decision)).toBe(ANNA);
  });

  it('ignores the contact owner when the pool is not sticky', () => {
    const { decision } = decideWithTrigger(buildLead({ contactOwnerId: VERA }), buildPool(), INITIAL_ROTATION, noLoads, availabilityOf(everyone), NOW, 'new_lead');
    expect(assignedTo(decision)).toBe(ANNA);
  });
});

describe('guard mode', () => {
  const guarded = buildPool({ guard: true });

  it('reassigns a lead given to a manager in focus', () => {
    const result = decideGuard(buildLead({ responsibleUserId: ANNA }), guarded, INITIAL_ROTATION, noLoads, availabilityOf(everyone, [[ANNA, IN_FOCUS]]), NOW);
    expect(result).toMatchObject({ kind: 'reassign', from: ANNA, decision: { kind: 'assigned', userId: BORIS, trigger: 'guard' } });
  });

  it('keeps a lead given to an available manager', () => {
    expect(decideGuard(buildLead({ responsibleUserId: ANNA }), guarded, INITIAL_ROTATION, noLoads, availabilityOf(everyone), NOW)).toEqual({ kind: 'keep' });
  });

  it('does nothing when guard mode is off', () => {
    expect(decideGuard(buildLead({ responsibleUserId: ANNA }), buildPool(), INITIAL_ROTATION, noLoads, availabilityOf(everyone, [[ANNA, IN_FOCUS]]), NOW)).toEqual({ kind: 'keep' });
  });
});
