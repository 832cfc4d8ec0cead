import { describe, expect, it } from 'vitest';
import { computeRetryDelayMs } from '../../src/service/jobs/backoff';

describe('computeRetryDelayMs', () => {
  const policy = { baseMs: 1_000, maxMs: 10_000 };

  it('doubles the delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => computeRetryDelayMs(attempt, policy))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than the cap', () => {
    expect(computeRetryDelayMs(5, policy)).toBe(10_000);
    expect(computeRetryDelayMs(500, policy)).toBe(10_000);
  });
});
