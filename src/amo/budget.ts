/**
 * The per-account request budget: never more than N requests in any 1-second window.
 *
 * amoCRM allows 7 requests/second per integration (§9.6); going over earns 429s and, repeated,
 * an account-wide block that only support lifts (§4.3). Every caller in the process that talks to
 * one account shares one budget (see `budgetFor`).
 *
 * A request holds its slot from the moment it is granted until one window AFTER its response
 * arrived. amoCRM counts requests when they reach it, which is somewhere between those two
 * instants, so however network latency shifts requests around, amoCRM can never see more than N
 * of ours inside one window. (Counting only start times would let a slow request and a fast one
 * land in the same second.) Waiters are served strictly first-in, first-out, and can leave the
 * queue through an AbortSignal.
 */
import type { EpochMs } from '../core/brand';
import type { Clock as NowClock } from '../core/time/clock';
import { perAccount } from './per-account';

/** The budget's clock also schedules: its timers run in the same (test-movable) time. */
export interface Clock extends NowClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now() as EpochMs,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Call when the response (or failure) arrived; the slot then stays taken for one more window.
 * `unused()` instead gives a slot back at once when no request went out on it (the caller found
 * its credentials due for renewal first): amoCRM never saw it, so it must not cost a second.
 */
export type Release = (() => void) & { unused?: () => void };

export interface AcquireOptions {
  /**
   * Served before every queued caller: token refreshes, which everything queued behind them needs
   * (a refresh waiting its FIFO turn behind requests that all wait for it would only cost time).
   */
  priority?: boolean;
}

export interface RequestBudget {
  readonly perSecond: number;
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<Release>;
  /** Queued callers, for diagnostics and tests. */
  readonly waiting: number;
}

const DEFAULT_REQUESTS_PER_SECOND = 5;
/** amoCRM's documented per-integration ceiling (§9.6). */
const MAX_REQUESTS_PER_SECOND = 7;
const WINDOW_MS = 1000;

export interface BudgetOptions { perSecond?: number; clock?: Clock }

interface Slot { releasedAt: number | null }
interface Waiter { grant(release: Release): void; detach(): void }

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function clampPerSecond(perSecond: number | undefined): number {
  const n = Math.floor(perSecond ?? DEFAULT_REQUESTS_PER_SECOND);
  return Math.min(MAX_REQUESTS_PER_SECOND, Math.max(1, Number.isFinite(n) ? n : DEFAULT_REQUESTS_PER_SECOND));
}

export function createRequestBudget(options: BudgetOptions = {}): RequestBudget {
  const perSecond = clampPerSecond(options.perSecond);
  const clock = options.clock ?? systemClock;
  const slots = new Set<Slot>();
  const queue: Waiter[] = [];
  let timer: { handle: unknown } | null = null;

  const prune = (now: number): void => {
    for (const s of slots) if (s.releasedAt !== null && now - s.releasedAt >= WINDOW_MS) slots.delete(s);
  };

  const take = (): Release => {
    const slot: Slot = { releasedAt: null };
    slots.add(slot);
    const release: Release = () => {
      if (slot.releasedAt !== null || !slots.has(slot)) return;
      slot.releasedAt = clock.now();
      pump();
    };
    release.unused = () => {
      if (slot.releasedAt !== null || !slots.delete(slot)) return;
      pump();
    };
    return release;
  };

  const schedule = (): void => {
    if (timer || queue.length === 0) return;
    let earliest = Infinity;
    for (const s of slots) if (s.releasedAt !== null) earliest = Math.min(earliest, s.releasedAt + WINDOW_MS);
    // Every slot still in flight: the next release() pumps again, no timer needed.
    if (earliest === Infinity) return;
    const t = { handle: null as unknown };
    timer = t;
    t.handle = clock.setTimeout(() => {
      if (timer === t) timer = null;
      pump();
    }, Math.max(1, earliest - clock.now()));
  };

  function pump(): void {
    prune(clock.now());
    while (queue.length > 0 && slots.size < perSecond) {
      const head = queue.shift();
      head?.detach();
      head?.grant(take());
    }
    if (queue.length === 0 && timer) {
      clock.clearTimeout(timer.handle);
      timer = null;
    }
    schedule();
  }

  return {
    perSecond,
    get waiting() { return queue.length; },
    acquire(signal, acquireOptions = {}) {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      prune(clock.now());
      if ((queue.length === 0 || acquireOptions.priority === true) && slots.size < perSecond) return Promise.resolve(take());
      return new Promise<Release>((resolve, reject) => {
        const onAbort = (): void => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(abortReason(signal as AbortSignal));
          pump();
        };
        const waiter: Waiter = {
          grant: resolve,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        if (acquireOptions.priority === true) queue.unshift(waiter);
        else queue.push(waiter);
        schedule();
      });
    },
  };
}

/**
 * The process-wide budget for one account (key: the account's base URL or id). The first caller
 * fixes the rate; later callers share it whatever they ask for (./per-account.ts).
 */
export const budgetFor: (key: string, options?: BudgetOptions) => RequestBudget = perAccount(createRequestBudget);
