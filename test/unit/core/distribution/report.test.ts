import { describe, expect, it } from 'vitest';
import type { EpochMs, UserId } from '../../../../src/core/brand';
import { decideGuard, decideWithTrigger } from '../../../../src/core/distribution/decide';
import { INITIAL_ROTATION, type AssignmentDecision } from '../../../../src/core/distribution/pool';
import { computeLeadsReceived } from '../../../../src/core/distribution/report';
import { ANNA, availabilityOf, BORIS, buildLead, buildPool, IN_FOCUS, NOW, VERA } from '../../../support/distribution';

describe('computeLeadsReceived', () => {
  it('counts leads per manager in the period, by reason, with guard reassignments and held leads', () => {
    const everyone = availabilityOf([ANNA, BORIS, VERA]);
    const pool = buildPool({ stickyOwner: true, guard: true });
    const decisions: AssignmentDecision[] = [];
    let state = INITIAL_ROTATION;
    for (let minute = 0; minute < 4; minute += 1) {
      const result = decideWithTrigger(buildLead(), pool, state, new Map(), everyone, (NOW + minute * 60_000) as EpochMs, 'new_lead');
      decisions.push(result.decision);
      state = result.nextRotationState;
    }
    decisions.push(decideWithTrigger(buildLead({ contactOwnerId: VERA }), pool, state, new Map(), everyone, NOW, 'new_lead').decision);
    const guard = decideGuard(buildLead({ responsibleUserId: ANNA }), pool, state, new Map(), availabilityOf([ANNA, BORIS, VERA], [[ANNA, IN_FOCUS]]), NOW);
    if (guard.kind === 'reassign') decisions.push(guard.decision);
    decisions.push(decideWithTrigger(buildLead(), pool, state, new Map(), new Map(), NOW, 'new_lead').decision);
    decisions.push(decideWithTrigger(buildLead(), pool, state, new Map(), everyone, (NOW - 1) as EpochMs, 'new_lead').decision);

    const report = computeLeadsReceived(decisions, { from: NOW, to: (NOW + 3 * 60_000) as EpochMs });
    const summary = Object.fromEntries([...report.perManager].map(([user, counts]) => [user, [counts.total, counts.byReason.round_robin, counts.byReason.sticky_owner, counts.fromGuard]]));
    // Minutes 0–2 go to Anna, Boris, Vera; minute 3 is outside the period; the sticky lead goes to
    // Vera; the guarded lead leaves Anna for Boris (the rotation resumes after Anna).
    expect(summary).toEqual({ [ANNA]: [1, 1, 0, 0], [BORIS]: [2, 2, 0, 1], [VERA]: [2, 1, 1, 0] });
    expect(report.held).toBe(1);
    expect(report.perManager.get(99 as UserId)).toBeUndefined();
  });
});
