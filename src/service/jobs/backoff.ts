/** Exponential back-off between attempts: base, 2×base, 4×base… capped. Pure. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 60 * 60_000 };

/** Delay before the attempt that follows failed attempt number `attempt` (1-based). */
export function computeRetryDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}
