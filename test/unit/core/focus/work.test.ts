import { describe, expect, it } from 'vitest';
import type { StatusId } from '../../../../src/core/brand';
import { deriveWorkOutcome, isWorked, recheckDeal } from '../../../../src/core/focus/work';
import { buildDeal, buildFilter, CLOSING, MANAGER, NOW, OTHER_MANAGER, seconds, TZ } from '../../../support/focus';

const shown = buildDeal({ closestTaskAt: seconds('2025-06-01T09:00:00Z') }); // overdue when shown

describe('isWorked', () => {
  it('is false when nothing happened to the deal', () => {
    expect(isWorked(shown, { ...shown }, NOW)).toBe(false);
  });

  it('is true once a future task exists', () => {
    const after = { ...shown, closestTaskAt: seconds('2025-06-03T09:00:00Z') };
    expect(isWorked(shown, after, NOW)).toBe(true);
    expect(deriveWorkOutcome(shown, after, NOW)).toEqual({ hasFutureTask: true, taskSet: true, movedStage: false, closed: null });
  });

  it('is false when the only task is still in the past', () => {
    const after = { ...shown, closestTaskAt: seconds('2025-06-02T08:59:00Z') };
    expect(isWorked(shown, after, NOW)).toBe(false);
  });

  it('is true when the stage moved', () => {
    expect(isWorked(shown, { ...shown, statusId: CLOSING }, NOW)).toBe(true);
  });

  it('is true when the deal closed, and says how', () => {
    const won = { ...shown, statusId: 142 as StatusId, closedAt: seconds('2025-06-02T08:59:00Z') };
    expect(isWorked(shown, won, NOW)).toBe(true);
    expect(deriveWorkOutcome(shown, won, NOW).closed).toBe('won');
  });

  it('does not count a task that already existed before as a task set', () => {
    const withTask = buildDeal({ closestTaskAt: seconds('2025-06-05T09:00:00Z') });
    expect(deriveWorkOutcome(withTask, { ...withTask }, NOW).taskSet).toBe(false);
  });
});

describe('recheckDeal', () => {
  const ctx = { now: NOW, timezone: TZ };

  it('lets a deal that still fits through', () => {
    expect(recheckDeal(shown, buildFilter(), MANAGER, ctx)).toEqual({ kind: 'still_matches' });
  });

  it('reports a deal closed meanwhile', () => {
    const lost = { ...shown, statusId: 143 as StatusId, closedAt: seconds('2025-06-02T08:00:00Z') };
    expect(recheckDeal(lost, buildFilter(), MANAGER, ctx)).toEqual({ kind: 'closed' });
  });

  it('reports a deal handed to someone else meanwhile', () => {
    expect(recheckDeal({ ...shown, responsibleUserId: OTHER_MANAGER }, buildFilter(), MANAGER, ctx))
      .toEqual({ kind: 'reassigned', to: OTHER_MANAGER });
  });

  it('reports a deal that no longer fits, with the rule it fails', () => {
    const touched = { ...shown, updatedAt: seconds('2025-06-02T08:30:00Z') };
    expect(recheckDeal(touched, buildFilter({ cooldownHours: 2 }), MANAGER, ctx))
      .toMatchObject({ kind: 'no_longer_matches', reason: { code: 'cooldown' } });
  });
});

describe('a deal returned to work from lost', () => {
  it('counts as open although amoCRM may keep its old closed_at', () => {
    const returned = buildDeal({ statusId: CLOSING, closedAt: seconds('2025-05-30T09:00:00Z') });
    expect(recheckDeal(returned, buildFilter(), MANAGER, { now: NOW, timezone: TZ })).toEqual({ kind: 'still_matches' });
  });
});
