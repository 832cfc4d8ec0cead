/**
 * The schedule of an open-loop sender (webhook-load.ts, scale-quiet-load.ts): request k (from 0)
 * is due `k / rate` seconds after the start, whatever the answers to earlier ones. Latency counts
 * from that moment, so a slow answer shows up as latency instead of slowing the sender down.
 */

/** How many requests are due `elapsedMs` after the start: request k is due once elapsed ≥ k / rate. */
export function requestsDue(elapsedMs: number, ratePerSecond: number, total = Number.POSITIVE_INFINITY): number {
  // The +1: request 0 is due at once. Without it each request went out one interval after it was
  // due while its latency still counted from its due time — 20 ms added to every sample at 50/s.
  return Math.min(Math.floor((elapsedMs * ratePerSecond) / 1_000) + 1, total);
}

/** When request k is due, on the `performance.now()` clock of a sender that started at `startMs`. */
export const dueAt = (startMs: number, index: number, ratePerSecond: number): number => startMs + (index * 1_000) / ratePerSecond;
