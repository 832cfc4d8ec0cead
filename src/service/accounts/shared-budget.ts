/**
 * The amoCRM request budget of one account shared by every service instance over the same
 * PostgreSQL (issue 13): amoCRM's 7 requests/second are per integration and account, however many
 * instances send them.
 *
 * Design: N slot rows per account (`amo_budget_slots`, migration 0190). A grant takes a free slot
 * with `FOR UPDATE SKIP LOCKED` and stamps it with the database clock; a slot is free again one
 * second after its release — the in-process rule of src/amo/budget.ts (a request holds its slot
 * from grant until one window after its answer), with one clock for all instances. A slot whose
 * holder died (SIGKILL) without releasing frees itself after `leaseMs` (longer than the HTTP
 * core's 30-second exchange timeout, so a live request is never overtaken).
 * Leases rather than a row-level token bucket: a bucket counts grants, so it cannot see that a slow
 * request granted in one second reaches amoCRM in the next; leases also make a dead instance's
 * share visible and bounded.
 *
 * Within an instance waiters are served strictly FIFO (priority ones — token refreshes — first);
 * across instances each instance's head of queue competes for the free slots, and accounts never
 * wait for each other (one row set and one queue per account).
 */
import { randomUUID } from 'node:crypto';
import { sql, type QueryExecutorProvider } from 'kysely';
import { clampPerSecond, type AcquireOptions, type Release, type RequestBudget } from '../../amo/budget';

export interface SharedBudgetOptions {
  /** Any Kysely over the store (the budget uses raw SQL on its own table). */
  db: QueryExecutorProvider;
  perSecond?: number;
  /** A slot held longer than this without release is taken back (its holder died). */
  leaseMs?: number;
  /** Poll interval while every slot is in flight (a release frees a slot one second later). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

export interface SharedBudgets {
  for(key: string): RequestBudget;
}

const WINDOW_MS = 1000;

interface Waiter { grant(release: Release): void; fail(error: unknown): void; signal: AbortSignal | undefined }

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function createSharedBudgets(options: SharedBudgetOptions): SharedBudgets {
  const perSecond = clampPerSecond(options.perSecond);
  const leaseMs = options.leaseMs ?? 45_000;
  const pollMs = options.pollMs ?? 25;
  const onError = options.onError ?? (() => undefined);
  const { db } = options;
  const budgets = new Map<string, RequestBudget>();

  const seed = async (key: string): Promise<void> => {
    await sql`
      INSERT INTO amo_budget_slots (budget_key, slot, granted_at, released_at, holder)
      SELECT ${key}, g, 'epoch'::timestamptz, 'epoch'::timestamptz, '' FROM generate_series(0, ${perSecond - 1}::int) AS g
      ON CONFLICT DO NOTHING`.execute(db);
  };

  /** One grant attempt: the slot number, or how long until one may be free (ms). */
  const tryGrant = async (key: string, holder: string): Promise<{ slot: number } | { waitMs: number }> => {
    const granted = await sql<{ slot: number }>`
      WITH candidate AS (
        SELECT slot FROM amo_budget_slots
        WHERE budget_key = ${key} AND slot < ${perSecond}
          AND ((released_at IS NOT NULL AND released_at <= clock_timestamp() - interval '1 second')
            OR (released_at IS NULL AND granted_at <= clock_timestamp() - make_interval(secs => ${leaseMs / 1000})))
        ORDER BY slot LIMIT 1
        FOR UPDATE SKIP LOCKED)
      UPDATE amo_budget_slots AS s SET granted_at = clock_timestamp(), released_at = NULL, holder = ${holder}
      FROM candidate WHERE s.budget_key = ${key} AND s.slot = candidate.slot
      RETURNING s.slot`.execute(db);
    const row = granted.rows[0];
    if (row !== undefined) return { slot: Number(row.slot) };
    const next = await sql<{ wait_ms: number | string | null }>`
      SELECT EXTRACT(EPOCH FROM (min(released_at) + interval '1 second' - clock_timestamp())) * 1000 AS wait_ms
      FROM amo_budget_slots WHERE budget_key = ${key} AND slot < ${perSecond} AND released_at IS NOT NULL`.execute(db);
    const waitMs = next.rows[0]?.wait_ms;
    // Every slot in flight: the next release frees one a second later; poll until then.
    return { waitMs: waitMs === null || waitMs === undefined ? pollMs : Math.max(1, Math.min(WINDOW_MS, Number(waitMs))) };
  };

  const create = (key: string): RequestBudget => {
    const queue: Waiter[] = [];
    let seeded: Promise<void> | null = null;
    let pumping = false;

    const releaseOf = (slot: number, holder: string): Release => {
      let done = false;
      const finish = (releasedAt: 'now' | 'free'): void => {
        if (done) return;
        done = true;
        // Fire and forget: a lost release only keeps the slot until the lease runs out.
        const query = releasedAt === 'now'
          ? sql`UPDATE amo_budget_slots SET released_at = clock_timestamp() WHERE budget_key = ${key} AND slot = ${slot} AND holder = ${holder}`
          : sql`UPDATE amo_budget_slots SET released_at = 'epoch'::timestamptz WHERE budget_key = ${key} AND slot = ${slot} AND holder = ${holder}`;
        query.execute(db).then(() => { if (releasedAt === 'free') void pump(); }, onError);
      };
      const release: Release = () => finish('now');
      release.unused = () => finish('free');
      return release;
    };

    async function pump(): Promise<void> {
      if (pumping) return;
      pumping = true;
      try {
        seeded ??= seed(key);
        await seeded;
        while (queue.length > 0) {
          const head = queue[0] as Waiter;
          if (head.signal?.aborted) {
            queue.shift();
            head.fail(abortReason(head.signal));
            continue;
          }
          const holder = randomUUID();
          let attempt: Awaited<ReturnType<typeof tryGrant>>;
          try {
            attempt = await tryGrant(key, holder);
          } catch (error) {
            onError(error);
            await sleep(pollMs * 4);
            continue;
          }
          if ('slot' in attempt) {
            const index = queue.indexOf(head);
            if (index >= 0) {
              queue.splice(index, 1);
              head.grant(releaseOf(attempt.slot, holder));
            } else {
              releaseOf(attempt.slot, holder).unused?.(); // the waiter left meanwhile
            }
          } else {
            await sleep(attempt.waitMs);
          }
        }
      } catch (error) {
        seeded = null;
        onError(error);
        for (const waiter of queue.splice(0)) waiter.fail(error);
      } finally {
        pumping = false;
      }
    }

    return {
      perSecond,
      get waiting() { return queue.length; },
      acquire(signal?: AbortSignal, acquireOptions: AcquireOptions = {}) {
        if (signal?.aborted) return Promise.reject(abortReason(signal));
        return new Promise<Release>((resolve, reject) => {
          const onAbort = (): void => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(abortReason(signal as AbortSignal));
          };
          const waiter: Waiter = {
            signal,
            grant: (release) => { signal?.removeEventListener('abort', onAbort); resolve(release); },
            fail: (error) => { signal?.removeEventListener('abort', onAbort); reject(error); },
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          if (acquireOptions.priority === true) queue.unshift(waiter);
          else queue.push(waiter);
          void pump();
        });
      },
    };
  };

  return {
    for(key) {
      let budget = budgets.get(key);
      if (budget === undefined) {
        budget = create(key);
        budgets.set(key, budget);
      }
      return budget;
    },
  };
}
