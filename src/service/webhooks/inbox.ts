/**
 * The durable inbox: a webhook is acknowledged only after its row and its fanned-out jobs are
 * committed together. Group commit: requests arriving while a commit is in flight wait for the
 * next one and share it (one transaction, two multi-row INSERTs), so the cost of a commit is
 * paid per batch, not per webhook — at low load a batch is one webhook and nothing waits.
 * Duplicates (same account + dedupe key, ./dedupe.ts) insert nothing and create no jobs.
 *
 * Isolation: a batch that fails is committed again one webhook at a time, so a body the store
 * cannot take fails alone and never answers 503 for its neighbours (amoCRM disables a webhook
 * after 100 invalid answers). The raw bytes are stored as they arrived; the decoded `body` only
 * when jsonb can hold it, and job payloads get U+FFFD for what PostgreSQL cannot store.
 * The account must still be connected when the batch commits (checked in the transaction), so a
 * disconnect takes effect at once whatever the route's account lookup cached.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccountId } from '../../core/brand';
import { insertJobs } from '../jobs/queue';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';
import type { JobSpec, JsonValue } from '../jobs/types';
import type { Database } from '../store/schema';
import type { WebhookSource } from '../store/tables-inbox';
import { findUnstorableText, isStorableText } from '../http/validation';

export interface InboxEntry {
  accountId: AccountId;
  source: WebhookSource;
  dedupeKey: string;
  body: JsonValue;
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
  /** Called after each commit that created jobs: wake the job runner. */
  onJobsCommitted?: () => void;
}

interface Pending { entry: InboxEntry; resolve(outcome: InboxOutcome): void; reject(error: unknown): void }

/** How long after the last webhook the inbox still counts as busy (see isBusy). */
const QUIET_MS = 50;
/** A clock set back (the e2e sandbox's can be) counts as quiet, not as busy until it catches up. */
const isRecent = (sinceLastWriteMs: number): boolean => sinceLastWriteMs >= 0 && sinceLastWriteMs < QUIET_MS;

/** Rows per INSERT statement: PostgreSQL allows 65,535 parameters; a job row takes 13. */
const JOB_ROWS_PER_STATEMENT = 2_000;

export function createInboxWriter(options: InboxWriterOptions): InboxWriter {
  const { db, onJobsCommitted } = options;
  const clock = options.clock ?? systemClock;
  const maxBatch = options.maxBatch ?? 200;
  let queue: Pending[] = [];
  let running: Promise<void> | undefined;
  // Webhooks come in bursts (amoCRM delivers a mass change as many POSTs): the job runner keeps
  // out of the way until the burst has paused for QUIET_MS, not just between two commits.
  let lastWriteAt = 0;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const { outcomes, jobCount } = await db.transaction().execute((trx) => commitBatch(trx, batch.map((p) => p.entry), new Date(clock.now())));
        batch.forEach((pending, index) => pending.resolve(outcomes[index] as InboxOutcome));
        if (jobCount > 0) onJobsCommitted?.();
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        // One bad entry must not fail the others: each goes again on its own.
        await Promise.all(batch.map(async (pending) => {
          try {
            const { outcomes, jobCount } = await db.transaction().execute((trx) => commitBatch(trx, [pending.entry], new Date(clock.now())));
            pending.resolve(outcomes[0] as InboxOutcome);
            if (jobCount > 0) onJobsCommitted?.();
          } catch (single) {
            pending.reject(single);
          }
        }));
      }
    }
  }

  function schedule(): void {
    // setImmediate: requests parsed in the same turn of the event loop join the first batch.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => { running = undefined; });
  }

  return {
    write(entry) {
      lastWriteAt = clock.now();
      return new Promise<InboxOutcome>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        schedule();
      });
    },
    async flush() {
      while (running !== undefined) await running;
    },
    isBusy: () => running !== undefined || isRecent(clock.now() - lastWriteAt),
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

async function commitBatch(trx: Transaction<Database>, entries: InboxEntry[], now: Date): Promise<{ outcomes: InboxOutcome[]; jobCount: number }> {
  // The first of identical webhooks within one batch is the one inserted.
  const accountIds = [...new Set(entries.map((entry) => entry.accountId))];
  const connectedRows = await trx.selectFrom('accounts').select('id')
    .where('id', 'in', accountIds).where('status', '=', 'connected').execute();
  const connected = new Set(connectedRows.map((row) => Number(row.id)));
  const firsts = new Map<string, InboxEntry>();
  for (const entry of entries) {
    if (!connected.has(entry.accountId)) continue;
    const key = identity(entry.accountId, entry.dedupeKey);
    if (!firsts.has(key)) firsts.set(key, entry);
  }
  const inserted = firsts.size === 0 ? [] : await trx.insertInto('webhook_inbox')
    .values([...firsts.values()].map((entry) => ({
      account_id: entry.accountId,
      source: entry.source,
      dedupe_key: entry.dedupeKey,
      body: findUnstorableText(entry.body).length === 0 ? JSON.stringify(entry.body) : null,
      raw: entry.raw,
      content_type: entry.contentType,
      job_count: entry.jobs.length,
      received_at: now,
    })))
    .onConflict((conflict) => conflict.columns(['account_id', 'dedupe_key']).doNothing())
    .returning(['id', 'account_id', 'dedupe_key'])
    .execute();
  const insertedIds = new Map(inserted.map((row) => [identity(row.account_id, row.dedupe_key), row.id]));

  const specs: JobSpec[] = [];
  const claimed = new Set<string>();
  const outcomes = entries.map((entry): InboxOutcome => {
    if (!connected.has(entry.accountId)) return { duplicate: false, disconnected: true };
    const key = identity(entry.accountId, entry.dedupeKey);
    const inboxId = insertedIds.get(key);
    if (inboxId === undefined || claimed.has(key)) return { duplicate: true };
    claimed.add(key);
    entry.jobs.forEach((job, index) => specs.push({
      accountId: entry.accountId,
      type: job.type,
      payload: { ...(storable(job.payload) as { [key: string]: JsonValue }), inboxId },
      // A replayed fan-out can never double a job.
      idempotencyKey: `inbox:${inboxId}:${index}`,
    }));
    return { duplicate: false, inboxId, jobCount: entry.jobs.length };
  });
  for (let start = 0; start < specs.length; start += JOB_ROWS_PER_STATEMENT) {
    await insertJobs(trx, specs.slice(start, start + JOB_ROWS_PER_STATEMENT), now);
  }
  return { outcomes, jobCount: specs.length };
}
