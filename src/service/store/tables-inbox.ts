/**
 * Tables of the webhook inbox and the job runner. Composed into `Database` by ./schema.ts.
 *
 * bigint columns read back as numbers on both stores: db.ts installs the int8 parser on the
 * node-postgres pool (PGlite already does so). amoCRM ids stay far below 2^53.
 * jsonb columns are written as JSON text (both drivers would otherwise disagree on how to
 * serialise an array parameter) and read back parsed.
 */
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;

/** queued → running → done, or back to queued for a retry, or failed after the last attempt. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: Generated<number>;
  account_id: number;
  /** Handler name, e.g. `amo.lead.status` (see src/service/webhooks/events.ts). */
  type: string;
  payload: Json;
  status: JobStatus;
  /** Attempts started so far, including the running one. */
  attempts: Generated<number>;
  max_attempts: number;
  /** Not claimed before this time (back-off, delayed jobs). */
  run_at: Date;
  /** Worker holding the lease while status = running. */
  locked_by: string | null;
  /** A running job whose lease passed this time belongs to a crashed worker: claimable again. */
  locked_until: Date | null;
  /** Message of the latest failed attempt — the visible failure reason. */
  last_error: string | null;
  /** Unique per account when set: enqueueing the same key twice yields one job. */
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** `events`: read by the reconciler from amoCRM's events feed, not delivered to us. */
export type WebhookSource = 'account' | 'dp' | 'events';

export interface WebhookInboxTable {
  id: Generated<number>;
  account_id: number;
  source: WebhookSource;
  /** sha256 of the normalised body: amoCRM retries identical bodies, which we must recognise. */
  dedupe_key: string;
  /** The request's bytes as they arrived (null for rows stored before migration 0410). */
  raw: Buffer | null;
  content_type: string | null;
  /** Jobs fanned out from this webhook; 0 = nothing subscribed to its events (done on arrival). */
  job_count: number;
  received_at: Date;
}

export interface EffectsTable {
  account_id: number;
  /** Caller-chosen key naming one side effect, e.g. `review-task:lead:123:status-change:987`. */
  key: string;
  result: Json;
  created_at: Date;
}

export interface InboxTables {
  jobs: JobsTable;
  webhook_inbox: WebhookInboxTable;
  effects: EffectsTable;
}
