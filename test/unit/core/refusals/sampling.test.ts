import { describe, expect, it } from 'vitest';
import type { AccountId, LeadId, UnixSeconds } from '../../../../src/core/brand';
import { deriveLossEventKey } from '../../../../src/core/refusals/loss-event';
import { computeSamplingPoint, isSampledIn } from '../../../../src/core/refusals/sampling';
import { ACCOUNT } from '../../../support/refusals';

const subjectFor = (leadId: number, closedAt = 1_761_000_000, accountId: AccountId = ACCOUNT) => {
  const lossEventKey = deriveLossEventKey({ leadId: leadId as LeadId, closedAt: closedAt as UnixSeconds });
  if (lossEventKey === null) throw new Error('a closed deal always has a loss event key');
  return { accountId, leadId: leadId as LeadId, lossEventKey };
};

describe('deterministic sampling', () => {
  it('gives a retry of the same loss the same point', () => {
    const first = computeSamplingPoint(subjectFor(4242));
    expect(computeSamplingPoint(subjectFor(4242))).toBe(first);
  });

  it('keeps every point in [0, 100)', () => {
    for (let id = 1; id <= 2000; id += 1) {
      const point = computeSamplingPoint(subjectFor(id));
      expect(point).toBeGreaterThanOrEqual(0);
      expect(point).toBeLessThan(100);
    }
  });

  it('draws again when the same deal is lost again later', () => {
    const points = new Set(Array.from({ length: 20 }, (_, i) => computeSamplingPoint(subjectFor(4242, 1_761_000_000 + i * 86_400))));
    expect(points.size).toBe(20);
  });

  it('draws differently for the same lead id in another account', () => {
    expect(computeSamplingPoint(subjectFor(4242, 1_761_000_000, 1 as AccountId)))
      .not.toBe(computeSamplingPoint(subjectFor(4242, 1_761_000_000, 2 as AccountId)));
  });

  it('takes nothing at 0% and everything at 100%', () => {
    const subjects = Array.from({ length: 500 }, (_, i) => subjectFor(i + 1));
    expect(subjects.filter((s) => isSampledIn(s, 0))).toHaveLength(0);
    expect(subjects.filter((s) => isSampledIn(s, 100))).toHaveLength(500);
  });

  it.each([10, 25, 50])('samples about %i%% of 10,000 consecutive deals', (percent) => {
    const n = 10_000;
    const taken = Array.from({ length: n }, (_, i) => subjectFor(1_000_000 + i)).filter((s) => isSampledIn(s, percent)).length;
    // Binomial standard deviation at n = 10,000 is at most 0.5 points; allow 4 of them.
    expect(Math.abs((taken / n) * 100 - percent)).toBeLessThan(2);
  });

  it('spreads points evenly over ten deciles', () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i += 1) {
      const decile = Math.floor(computeSamplingPoint(subjectFor(1 + i)) / 10);
      deciles[decile] = (deciles[decile] ?? 0) + 1;
    }
    for (const count of deciles) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
