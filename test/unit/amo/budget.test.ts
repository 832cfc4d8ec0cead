import { describe, expect, it } from 'vitest';
import { budgetFor, createRequestBudget, type Release } from '../../../src/amo/budget';
import { flush, ManualClock } from './fakes';

interface Trace { grantedAt: number; releasedAt: number }

/** Runs `count` callers at once; each holds its slot for a latency from the list, then releases. */
async function runConcurrent(perSecond: number, count: number, latencies: number[]): Promise<Trace[]> {
  const clock = new ManualClock();
  const budget = createRequestBudget({ perSecond, clock });
  const traces: Trace[] = [];
  const done = Array.from({ length: count }, (_, i) =>
    budget.acquire().then(
      (release) =>
        new Promise<void>((resolve) => {
          const grantedAt = clock.now();
          clock.setTimeout(() => {
            release();
            traces.push({ grantedAt, releasedAt: clock.now() });
            resolve();
          }, latencies[i % latencies.length] ?? 0);
        }),
    ),
  );
  for (let i = 0; i < 400 && traces.length < count; i++) await clock.advance(100);
  await Promise.all(done);
  return traces;
}

/**
 * The most requests amoCRM could see in one second whatever the network did: a request reaches
 * the server somewhere between its grant and its answer, so count every request whose
 * [grant, answer] interval touches the window [w, w + 1000).
 */
function worstCaseServerPeak(traces: Trace[]): number {
  let peak = 0;
  for (const { releasedAt: w } of traces) {
    const n = traces.filter((t) => t.grantedAt < w + 1000 && t.releasedAt >= w).length;
    peak = Math.max(peak, n);
  }
  return peak;
}

function peakGrantsPerWindow(traces: Trace[]): number {
  const starts = traces.map((t) => t.grantedAt).sort((a, b) => a - b);
  return Math.max(...starts.map((s, i) => starts.slice(i).filter((x) => x < s + 1000).length));
}

describe('request budget', () => {
  it('never lets more than N requests into any 1-second window under 60 concurrent callers', async () => {
    const traces = await runConcurrent(5, 60, [5, 300, 40, 900, 10, 1200, 70]);
    expect(traces).toHaveLength(60);
    expect(peakGrantsPerWindow(traces)).toBeLessThanOrEqual(5);
    expect(worstCaseServerPeak(traces)).toBeLessThanOrEqual(5);
  });

  it('still uses the whole budget when answers are fast', async () => {
    const traces = await runConcurrent(7, 70, [1]);
    expect(peakGrantsPerWindow(traces)).toBe(7);
    // 70 requests at 7 per (1 s + 1 ms latency) finish in about ten seconds, not more.
    expect(Math.max(...traces.map((t) => t.releasedAt))).toBeLessThan(10_500);
  });

  it('serves waiters first-in, first-out', async () => {
    const clock = new ManualClock();
    const budget = createRequestBudget({ perSecond: 2, clock });
    const order: number[] = [];
    const all = Array.from({ length: 8 }, (_, i) => budget.acquire().then((release) => { order.push(i); release(); }));
    for (let i = 0; i < 10; i++) await clock.advance(500);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('drops a cancelled waiter from the queue and serves the rest', async () => {
    const clock = new ManualClock();
    const budget = createRequestBudget({ perSecond: 1, clock });
    const first = await budget.acquire();
    const controller = new AbortController();
    const granted: string[] = [];
    const second = budget.acquire(controller.signal).then((r: Release) => { granted.push('second'); r(); });
    const third = budget.acquire().then((r: Release) => { granted.push('third'); r(); });
    expect(budget.waiting).toBe(2);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(budget.waiting).toBe(1);
    first();
    await clock.advance(1000);
    await third;
    expect(granted).toEqual(['third']);
  });

  it('keeps a released slot taken for one full window', async () => {
    const clock = new ManualClock();
    const budget = createRequestBudget({ perSecond: 1, clock });
    (await budget.acquire())();
    let granted = false;
    void budget.acquire().then(() => { granted = true; });
    await clock.advance(999);
    expect(granted).toBe(false);
    await clock.advance(1);
    await flush();
    expect(granted).toBe(true);
  });

  it('caps the rate at amoCRM\'s 7 requests per second whatever is asked', () => {
    expect(createRequestBudget({ perSecond: 50 }).perSecond).toBe(7);
    expect(createRequestBudget({ perSecond: 0 }).perSecond).toBe(1);
    expect(createRequestBudget().perSecond).toBe(5);
  });

  it('shares one budget per account key across the process', () => {
    const a = budgetFor('account:https://shared.example', { perSecond: 3 });
    const b = budgetFor('account:https://shared.example', { perSecond: 7 });
    expect(b).toBe(a);
    expect(b.perSecond).toBe(3);
    expect(budgetFor('account:https://other.example')).not.toBe(a);
  });
});
