import { describe, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../../../src/core/brand';
import { planHeldLeadHandout } from '../../../../src/core/distribution/held';
import { INITIAL_ROTATION } from '../../../../src/core/distribution/pool';
import { ANNA, availabilityOf, BORIS, buildLead, buildPool, DUTY, IN_FOCUS, NOW, participant, VERA } from './builders';

const at = (minutes: number): EpochMs => (NOW + minutes * 60_000) as EpochMs;

describe('planHeldLeadHandout', () => {
  const late = buildLead({ arrivedAt: at(30) });
  const early = buildLead({ arrivedAt: at(5) });
  const middle = buildLead({ arrivedAt: at(10) });

  it('hands held leads out in arrival order, sharing them by the pool\'s rotation', () => {
    const plan = planHeldLeadHandout([late, early, middle], buildPool(), INITIAL_ROTATION, new Map(), availabilityOf([ANNA, BORIS, VERA], [[VERA, IN_FOCUS]]), NOW);
    expect(plan.decisions.map((decision) => decision.leadId)).toEqual([early.id, middle.id, late.id]);
    expect(plan.decisions.map((decision) => (decision.kind === 'assigned' ? decision.userId : null))).toEqual([ANNA, BORIS, ANNA]);
    expect(plan.decisions.every((decision) => decision.trigger === 'held_handout')).toBe(true);
    expect(plan.stillHeld).toEqual([]);
    expect(plan.nextRotationState.lastUserId).toBe(ANNA);
  });

  it('respects caps during the handout and keeps the rest in line', () => {
    const pool = buildPool({ participants: [participant(ANNA, { cap: 3 })] });
    const plan = planHeldLeadHandout([late, early, middle], pool, INITIAL_ROTATION, new Map([[ANNA, 1]]), availabilityOf([ANNA]), NOW);
    expect(plan.decisions.map((decision) => decision.leadId)).toEqual([early.id, middle.id]);
    expect(plan.stillHeld).toEqual([late]);
    expect(plan.nextLoads.get(ANNA)).toBe(3);
  });

  it('keeps everything held while nobody is available, never passing held leads to the on-duty user', () => {
    const pool = buildPool({ whenNobodyAvailable: { kind: 'on_duty', userId: DUTY } });
    const plan = planHeldLeadHandout([late, early], pool, INITIAL_ROTATION, new Map(), availabilityOf([DUTY]), NOW);
    expect(plan.decisions).toEqual([]);
    expect(plan.stillHeld).toEqual([early, late]);
    expect(plan.nextRotationState).toBe(INITIAL_ROTATION);
  });

  it('breaks arrival ties by lead id', () => {
    const second = buildLead({ arrivedAt: at(1) });
    const first = { ...buildLead({ arrivedAt: at(1) }), id: (second.id - 100) as typeof second.id };
    const plan = planHeldLeadHandout([second, first], buildPool(), INITIAL_ROTATION, new Map<UserId, number>(), availabilityOf([ANNA]), NOW);
    expect(plan.decisions.map((decision) => decision.leadId)).toEqual([first.id, second.id]);
  });
});
