/**
 * Exponential back-off with "full jitter": wait a random time in [0, min(cap, base·2^attempt)).
 * Spreading retries randomly stops every tab and job that hit the same 429 from retrying in
 * lock-step (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */

export interface BackoffPolicy {
  /** Total tries including the first one. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, baseMs: 500, capMs: 15_000 };

/** Delay before retry number `retry` (0 = the first retry). `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
