import { describe, expect, it } from 'vitest';
import { decideHeldHandout } from '../../../../src/core/distribution/held';
import { INITIAL_ROTATION } from '../../../../src/core/distribution/pool';
import { ANNA, availabilityOf, BORIS, buildLead, buildPool, DUTY, IN_FOCUS, NOW, participant, VERA } from '../../../support/distribution';

// The order of a handout (oldest held lead first, before newer leads of the same batch) is the
// service's: test/service/distribution.test.ts releases held leads through the real batch.
describe('decideHeldHandout', () => {
  it('hands a held lead out by the pool\'s rotation, logged as a held handout', () => {
    const { decision, nextRotationState } = decideHeldHandout(buildLead(), buildPool(), INITIAL_ROTATION, new Map(), availabilityOf([ANNA, BORIS, VERA], [[VERA, IN_FOCUS]]), NOW);
    expect(decision).toMatchObject({ kind: 'assigned', userId: ANNA, trigger: 'held_handout' });
    expect(nextRotationState.lastUserId).toBe(ANNA);
    const next = decideHeldHandout(buildLead(), buildPool(), nextRotationState, new Map([[ANNA, 1]]), availabilityOf([ANNA, BORIS, VERA], [[VERA, IN_FOCUS]]), NOW);
    expect(next.decision).toMatchObject({ kind: 'assigned', userId: BORIS });
  });

  it('respects caps during the handout and keeps the lead in line', () => {
    const pool = buildPool({ participants: [participant(ANNA, { cap: 3 })] });
    expect(decideHeldHandout(buildLead(), pool, INITIAL_ROTATION, new Map([[ANNA, 2]]), availabilityOf([ANNA]), NOW).decision)
      .toMatchObject({ kind: 'assigned', userId: ANNA });
    expect(decideHeldHandout(buildLead(), pool, INITIAL_ROTATION, new Map([[ANNA, 3]]), availabilityOf([ANNA]), NOW).decision)
      .toMatchObject({ kind: 'held', trigger: 'held_handout' });
  });

  it('keeps the lead held while nobody is available, never passing it to the on-duty user', () => {
    const pool = buildPool({ whenNobodyAvailable: { kind: 'on_duty', userId: DUTY } });
    const { decision, nextRotationState } = decideHeldHandout(buildLead(), pool, INITIAL_ROTATION, new Map(), availabilityOf([DUTY]), NOW);
    expect(decision.kind).toBe('held');
    expect(nextRotationState).toBe(INITIAL_ROTATION);
  });
});
