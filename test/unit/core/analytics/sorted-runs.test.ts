import { describe, expect, it } from 'vitest';
import { computePercentileOfRuns, selectRankedValue } from '../../../../src/core/analytics/sorted-runs';
import { computePercentile } from '../../../../src/core/analytics/stage-times';

describe('percentiles over sorted runs', () => {
  it('picks the ranked value across runs by hand', () => {
    const runs = [[1, 5, 9], [2, 2, 10], [], [7]];
    // all: 1 2 2 5 7 9 10
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => selectRankedValue(runs, r))).toEqual([1, 2, 2, 5, 7, 9, 10]);
  });

  it('interpolates the median of an even count as percentile_cont does', () => {
    expect(computePercentileOfRuns([[86_400, 3 * 86_400], [2 * 86_400, 10 * 86_400]], 0.5)).toBe(2.5 * 86_400);
    expect(computePercentileOfRuns([[], []], 0.5)).toBeNull();
  });

  it('equals computePercentile over the same values, negative ones included', () => {
    let seed = 7;
    const random = (): number => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
    for (let trial = 0; trial < 200; trial += 1) {
      const runs = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        Array.from({ length: Math.floor(random() * 9) }, () => Math.floor(random() * 5_000_000) - 1_000).sort((a, b) => a - b));
      const all = runs.flat();
      for (const fraction of [0.5, 0.8]) expect(computePercentileOfRuns(runs, fraction)).toBe(computePercentile(all, fraction));
    }
  });
});
