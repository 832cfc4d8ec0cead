import { describe, expect, it } from 'vitest';
import {
  computeMedian, computePercentile, deriveCutoffFromPercentile, deriveMaturityCutoff, isStageTimeOutlier, MATURITY_FALLBACK_DAYS,
} from '../../../../src/core/analytics/stage-times';

const DAY = 86_400;

describe('computePercentile (as PostgreSQL percentile_cont)', () => {
  it.each([
    [[], 0.5, null],
    [[4], 0.5, 4],
    [[1, 3], 0.5, 2],
    [[5, 1, 3], 0.5, 3],
    [[1, 2, 3, 4, 5], 0.8, 4.2],
    [[10, 20], 0.8, 18],
  ] as const)('%j at %s → %s', (values, fraction, expected) => {
    const result = computePercentile(values, fraction);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });

  it('median is the 50th percentile', () => {
    expect(computeMedian([2, 8, 4, 6])).toBe(5);
  });
});

describe('isStageTimeOutlier', () => {
  it.each([
    // manager median, visits, team median, outlier
    [10, 5, 5, true], // twice the team
    [9.9, 5, 5, false],
    [2.5, 5, 5, true], // half of the team
    [2.6, 5, 5, false],
    [20, 2, 5, false], // too few visits to say
    [3, 5, 0, false], // no team reference
    [null, 5, 5, false],
  ] as const)('median %s over %s visits vs team %s → %s', (median, visits, team, outlier) => {
    expect(isStageTimeOutlier(median, visits, team)).toBe(outlier);
  });
});

describe('deriveMaturityCutoff', () => {
  it('is the 80th percentile of time to win, rounded up to days', () => {
    expect(deriveMaturityCutoff([10, 20, 30, 40, 50].map((d) => d * DAY), null)).toEqual({ days: 42, basis: 'p80_time_to_win', wonDeals: 5 });
  });

  it('falls back with fewer than 5 won deals, and an override wins over both', () => {
    expect(deriveMaturityCutoff([DAY, DAY], null)).toEqual({ days: MATURITY_FALLBACK_DAYS, basis: 'fallback', wonDeals: 2 });
    expect(deriveMaturityCutoff([DAY, DAY], 30)).toEqual({ days: 30, basis: 'override', wonDeals: 2 });
    expect(deriveCutoffFromPercentile(null, 0, null).basis).toBe('fallback');
  });
});
