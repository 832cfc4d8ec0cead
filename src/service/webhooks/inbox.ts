/**
 * The durable inbox: a webhook is acknowledged only after its row and its fanned-out jobs are
 * committed together. Group commit: requests arriving while a commit is in flight wait for the
 * next one and share it (one transaction, two multi-row INSERTs), so the cost of a commit is
 * paid per batch, not per webhook — at low load a batch is one webhook and nothing waits.
 * Duplicates (same account + dedupe key, ./dedupe.ts) insert nothing and create no jobs.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccountId } from '../../core/brand';
import { insertJobs } from '../jobs/queue';
import { systemClock, type Clock, type JobSpec, type JsonValue } from '../jobs/types';
import type { Database } from '../store/schema';
import type { WebhookSource } from '../store/tables-inbox';

export interface InboxEntry {
  accountId: AccountId;
  source: WebhookSource;
  dedupeKey: string;
  body: JsonValue;
  /** One job per subscribed event; the inbox adds `inboxId` to each payload. */
  jobs: Array<{ type: string; payload: { [key: string]: JsonValue } }>;
}

export type InboxOutcome = { duplicate: false; inboxId: number; jobCount: number } | { duplicate: true };

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
        const { outcomes, jobCount } = await db.transaction().execute((trx) => commitBatch(trx, batch.map((p) => p.entry), clock.now()));
        batch.forEach((pending, index) => pending.resolve(outcomes[index] as InboxOutcome));
        if (jobCount > 0) onJobsCommitted?.();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
  }

  function schedule(): void {
    // setImmediate: requests parsed in the same turn of the event loop join the first batch.
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => { running = undefined; });
  }

  return {
    write(entry) {
      lastWriteAt = Date.now();
      return new Promise<InboxOutcome>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        schedule();
      });
    },
    async flush() {
      while (running !== undefined) await running;
    },
    isBusy: () => running !== undefined || Date.now() - lastWriteAt < QUIET_MS,
  };
}

const identity = (accountId: number, dedupeKey: string): string => `${accountId}:${dedupeKey}`;

async function commitBatch(trx: Transaction<Database>, entries: InboxEntry[], now: Date): Promise<{ outcomes: InboxOutcome[]; jobCount: number }> {
  // The first of identical webhooks within one batch is the one inserted.
  const firsts = new Map<string, InboxEntry>();
  for (const entry of entries) {
    const key = identity(entry.accountId, entry.dedupeKey);
    if (!firsts.has(key)) firsts.set(key, entry);
  }
  const inserted = await trx.insertInto('webhook_inbox')
    .values([...firsts.values()].map((entry) => ({
      account_id: entry.accountId,
      source: entry.source,
      dedupe_key: entry.dedupeKey,
      body: JSON.stringify(entry.body),
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
    const key = identity(entry.accountId, entry.dedupeKey);
    const inboxId = insertedIds.get(key);
    if (inboxId === undefined || claimed.has(key)) return { duplicate: true };
    claimed.add(key);
    entry.jobs.forEach((job, index) => specs.push({
      accountId: entry.accountId,
      type: job.type,
      payload: { ...job.payload, inboxId },
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
