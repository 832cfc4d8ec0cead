/**
 * The durable inbox: a webhook is acknowledged only after its row and its fanned-out jobs are
 * committed together. Group commit: requests arriving while a commit is in flight wait for the
 * next one and share it (one statement: see commitBatch), so the cost of a commit is
 * paid per batch, not per webhook — at low load a batch is one webhook and nothing waits.
 * Duplicates (same account + dedupe key, ./dedupe.ts) insert nothing and create no jobs.
 *
 * Isolation: a batch that fails is committed again one webhook at a time, so a body the store
 * cannot take fails alone and never answers 503 for its neighbours (amoCRM disables a webhook
 * after 100 invalid answers). The raw bytes are stored as they arrived (bytea holds anything);
 * job payloads get U+FFFD for what PostgreSQL's jsonb cannot store.
 * The account must still be connected when the batch commits (checked in the same statement), so a
 * disconnect takes effect at once whatever the route's account lookup cached.
 *
 * Many accounts share one writer: a batch is filled round-robin from the accounts' queues (one
 * webhook from each in turn), so a quiet account's webhook joins the next batch instead of waiting
 * behind another account's backlog; within an account, webhooks commit in the order they arrived.
 * With `parallel` > 1 (PostgreSQL: the priority pool's connections) batches commit side by side,
 * never two holding the same account, so that order holds and a burst occupies one connection.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';
import type { JsonValue } from '../jobs/types';
import type { Database } from '../store/schema';
import type { WebhookSource } from '../store/tables-inbox';
import { isStorableText } from '../http/validation';

export interface InboxEntry {
  accountId: AccountId;
  source: WebhookSource;
  dedupeKey: string;
  /** The request's bytes and content type as they arrived (events-feed entries: the event as JSON). */
  raw: Buffer;
  contentType: string;
  /** One job per subscribed event; the inbox adds `inboxId` to each payload. */
  jobs: Array<{ type: string; payload: { [key: string]: JsonValue } }>;
}

type InboxOutcome =
  | { duplicate: false; inboxId: number; jobCount: number }
  | { duplicate: true }
  /** The account was disconnected before the commit: nothing stored. */
  | { duplicate: false; disconnected: true };

export interface InboxWriter {
  write(entry: InboxEntry): Promise<InboxOutcome>;
  /** Waits until everything handed to `write` is committed (or failed). */
  flush(): Promise<void>;
  /** Webhooks are waiting or being committed right now (for JobRunnerOptions.yieldWhile). */
  isBusy(): boolean;
}

export interface InboxWriterOptions {
  db: Kysely<Database>;
  clock?: Clock;
  /** Webhooks per transaction at most (default 200). */
  maxBatch?: number;
  /** Batches committing at once (default 1; PostgreSQL can take as many as the pool has connections). */
  parallel?: number;
  /** Called after each commit that created jobs: wake the job runner. */
  onJobsCommitted?: () => void;
}

interface Pending { entry: InboxEntry; resolve(outcome: InboxOutcome): void; reject(error: unknown): void }

/** How long after the last webhook the inbox still counts as busy (see isBusy). */
const QUIET_MS = 50;
/** A clock set back (the e2e sandbox's can be) counts as quiet, not as busy until it catches up. */
const isRecent = (sinceLastWriteMs: number): boolean => sinceLastWriteMs >= 0 && sinceLastWriteMs < QUIET_MS;

export function createInboxWriter(options: InboxWriterOptions): InboxWriter {
  const { db, onJobsCommitted } = options;
  const clock = options.clock ?? systemClock;
  const maxBatch = options.maxBatch ?? 200;
  const parallel = options.parallel ?? 1;
  /** Waiting webhooks by account; Map order is the round-robin order. */
  const waiting = new Map<AccountId, Pending[]>();
  /** Accounts with a batch committing: their next webhooks wait for it (arrival order). */
  const committing = new Set<AccountId>();
  let inFlight = 0;
  let scheduled = false;
  let idle: { promise: Promise<void>; resolve(): void } | undefined;
  // Webhooks come in bursts (amoCRM delivers a mass change as many POSTs): the job runner keeps
  // out of the way until the burst has paused for QUIET_MS, not just between two commits.
  let lastWriteAt = 0;

  /** Up to maxBatch webhooks, one from each ready account in turn; the accounts served move to the back. */
  function takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const served: AccountId[] = [];
    const ready = [...waiting.keys()].filter((accountId) => !committing.has(accountId));
    for (let round = 0; batch.length < maxBatch && ready.length > 0; round += 1) {
      for (let index = 0; index < ready.length && batch.length < maxBatch;) {
        const accountId = ready[index] as AccountId;
        const queue = waiting.get(accountId) as Pending[];
        batch.push(queue.shift() as Pending);
        if (round === 0) served.push(accountId);
        if (queue.length === 0) {
          waiting.delete(accountId);
          ready.splice(index, 1);
        } else {
          index += 1;
        }
      }
    }
    for (const accountId of served) {
      const queue = waiting.get(accountId);
      if (queue === undefined) continue;
      waiting.delete(accountId);
      waiting.set(accountId, queue);
    }
    return batch;
  }

  async function commit(batch: Pending[]): Promise<void> {
    try {
      const { outcomes, jobCount } = outcomesOf(batch.map((p) => p.entry), await commitBatch(db, batch.map((p) => p.entry), new Date(clock.now())));
      batch.forEach((pending, index) => pending.resolve(outcomes[index] as InboxOutcome));
      if (jobCount > 0) onJobsCommitted?.();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One bad entry must not fail the others: each goes again on its own, in order.
      for (const pending of batch) await commit([pending]);
    }
  }

  function pump(): void {
    while (inFlight < parallel) {
      const batch = takeBatch();
      if (batch.length === 0) break;
      const accounts = new Set(batch.map((pending) => pending.entry.accountId));
      for (const accountId of accounts) committing.add(accountId);
      inFlight += 1;
      void commit(batch).finally(() => {
        inFlight -= 1;
        for (const accountId of accounts) committing.delete(accountId);
        pump();
      });
    }
    if (inFlight === 0 && waiting.size === 0 && idle !== undefined) {
      idle.resolve();
      idle = undefined;
    }
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // setImmediate: requests parsed in the same turn of the event loop join the first batch.
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  }

  const busy = (): boolean => inFlight > 0 || waiting.size > 0 || scheduled;

  return {
    write(entry) {
      lastWriteAt = clock.now();
      return new Promise<InboxOutcome>((resolve, reject) => {
        const queue = waiting.get(entry.accountId);
        if (queue === undefined) waiting.set(entry.accountId, [{ entry, resolve, reject }]);
        else queue.push({ entry, resolve, reject });
        schedule();
      });
    },
    flush() {
      if (!busy()) return Promise.resolve();
      if (idle === undefined) {
        let resolve = (): void => {};
        const promise = new Promise<void>((done) => { resolve = done; });
        idle = { promise, resolve };
      }
      return idle.promise;
    },
    isBusy: () => busy() || isRecent(clock.now() - lastWriteAt),
  };
}

/** A copy PostgreSQL's jsonb can hold: NUL and lone surrogates become U+FFFD (the raw body keeps them). */
function storable(value: JsonValue): JsonValue {
  if (typeof value === 'string') return isStorableText(value) ? value : value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [isStorableText(key) ? key : key.replace(UNSTORABLE, '\uFFFD'), storable(item)]));
  }
  return value;
}
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL cannot store.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const identity = (accountId: number, dedupeKey: string): string => `${accountId}:${dedupeKey}`;

interface BatchResult { connected: number[]; inserted: Array<[number, number, string]>; job_count: number | string }

/**
 * The whole batch in one call of `inbox_commit_batch` (migration 0510): the connected check, the
 * inbox rows and their jobs in one statement, so a batch is one round trip to the store and
 * commits atomically without BEGIN/COMMIT. A function because the database keeps its plan per
 * session: planning the statement cost as much as running it for a small batch on PGlite.
 */
async function commitBatch(db: Kysely<Database>, entries: InboxEntry[], now: Date): Promise<BatchResult | undefined> {
  const [webhooks, jobs] = toBatchDocuments(entries);
  // Literals, not parameters: a statement without parameters is one simple-protocol message, one
  // call into PGlite instead of six (src/service/store/pglite-worker.js); PostgreSQL takes either.
  const { rows } = await sql<BatchResult>`SELECT * FROM inbox_commit_batch(${jsonLiteral(webhooks)}::jsonb, ${jsonLiteral(jobs)}::jsonb, ${sql.lit(now.toISOString())}::timestamptz)`.execute(db);
  return rows[0];
}

/**
 * A JSON text as an SQL string literal that cannot end early: JSON keeps a quote only inside its
 * strings, where `\u0027` means the same character, so the literal holds no quote at all and its
 * content — webhook bodies, attacker-controlled — never reaches the SQL parser as SQL. Backslashes
 * stay as they are: standard_conforming_strings is on (PostgreSQL's default since 9.1, PGlite's).
 */
function jsonLiteral(json: string): RawBuilder<unknown> {
  return sql.raw(`'${json.replaceAll("'", '\\u0027')}'`);
}

/** The batch as the function takes it: webhooks (raw bytes as base64) and their jobs, as JSON. */
function toBatchDocuments(entries: InboxEntry[]): [string, string] {
  // The first of identical webhooks within one batch is the one inserted.
  const firsts = new Map<string, { entry: InboxEntry; ord: number }>();
  entries.forEach((entry, ord) => {
    const key = identity(entry.accountId, entry.dedupeKey);
    if (!firsts.has(key)) firsts.set(key, { entry, ord });
  });
  const rows = [...firsts.values()].map(({ entry, ord }) => ({
    ord, account_id: entry.accountId, source: entry.source, dedupe_key: entry.dedupeKey,
    raw: entry.raw.toString('base64'), content_type: entry.contentType, job_count: entry.jobs.length,
  }));
  const jobs = [...firsts.values()].flatMap(({ entry, ord }) => entry.jobs.map((job, index) => ({
    ord, job_index: index, type: job.type, payload: storable(job.payload),
  })));
  return [JSON.stringify(rows), JSON.stringify(jobs)];
}

/** Each entry's outcome from what the statement reports (connected accounts, rows it inserted). */
function outcomesOf(entries: InboxEntry[], result: BatchResult | undefined): { outcomes: InboxOutcome[]; jobCount: number } {
  const connected = new Set((result?.connected ?? []).map(Number));
  const insertedIds = new Map((result?.inserted ?? []).map(([id, accountId, dedupeKey]) => [identity(Number(accountId), dedupeKey), Number(id)]));
  const claimed = new Set<string>();
  const outcomes = entries.map((entry): InboxOutcome => {
    if (!connected.has(entry.accountId)) return { duplicate: false, disconnected: true };
    const key = identity(entry.accountId, entry.dedupeKey);
    const inboxId = insertedIds.get(key);
    if (inboxId === undefined || claimed.has(key)) return { duplicate: true };
    claimed.add(key);
    return { duplicate: false, inboxId, jobCount: entry.jobs.length };
  });
  return { outcomes, jobCount: Number(result?.job_count ?? 0) };
}
