/**
 * Tables of refusal control (src/service/refusals). Composed into `Database` by ./schema.ts.
 *
 * A review row keeps the core `Review` (src/core/refusals/review.ts) as jsonb — the one source of
 * truth for its state — plus copies of the fields the heads' workspace filters and sorts on.
 * Times the core counts in Unix seconds are stored as bigint seconds, as amoCRM sends them.
 */
import type { ColumnType, Generated } from 'kysely';

type BigintColumn = ColumnType<number | string, number, number>;
type NullableBigint = ColumnType<number | string | null, number | null, number | null>;
type Json = ColumnType<unknown, string, string>;

export interface RefusalReviewsTable {
  id: string;
  account_id: BigintColumn;
  lead_id: BigintColumn;
  /** core deriveLossEventKey: unique per account, so one loss event never gets two reviews. */
  loss_event_key: string;
  state: string;
  review: Json;
  lead_name: string;
  manager_id: BigintColumn;
  /** The manager's group when the deal was lost: heads see their groups' reviews. */
  manager_group_id: NullableBigint;
  reviewer_id: BigintColumn;
  manager_reason_id: NullableBigint;
  value: number;
  pipeline_id: BigintColumn;
  lost_at: BigintColumn;
  decided_at: NullableBigint;
  review_task_id: NullableBigint;
  /** What the review task is created with; kept so a retry recognises a task it already made. */
  task_request: Json | null;
  /** Why the task (or a decision's side effects) could not be done yet; shown to heads. */
  problem: string | null;
  /** A decision's plan has steps left (a failed or interrupted request): retrying continues it. */
  plan_pending: boolean;
  /** A decision is being applied until this time: a concurrent request gets 409. */
  applying_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Losses seen (webhook or backfill) and not yet looked up in amoCRM; one row per lead. */
export interface RefusalPendingLossesTable {
  account_id: BigintColumn;
  lead_id: BigintColumn;
  /** The stage it was lost from, from the webhook's old_status_id; null when unknown. */
  lost_from_status_id: NullableBigint;
  seen_at: Date;
}

/** Per account: the generation of the collector job (../refusals/intake.ts) and who runs it now (../refusals/collector-hold.ts). */
export interface RefusalCollectorsTable {
  account_id: BigintColumn;
  generation: number;
  holder: ColumnType<string | null, string | null | undefined, string | null>;
  held_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface RefusalBackfillsTable {
  id: Generated<number>;
  account_id: BigintColumn;
  from_at: BigintColumn;
  to_at: BigintColumn;
  state: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  created: number;
  error: string | null;
  started_at: Date;
  updated_at: Date;
}

export interface RefusalTables {
  refusal_reviews: RefusalReviewsTable;
  refusal_pending_losses: RefusalPendingLossesTable;
  refusal_collectors: RefusalCollectorsTable;
  refusal_backfills: RefusalBackfillsTable;
}
