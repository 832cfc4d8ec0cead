/**
 * Tables of sales-head analytics (src/service/analytics). Composed into `Database` by ./schema.ts.
 *
 * The mirror (analytics_leads, analytics_status_changes, analytics_tasks) holds only what the
 * numbers need, per account; times are Unix seconds as amoCRM sends them. Three lead columns are
 * derived from the lead's status changes when they arrive (../analytics/mirror.ts): `visited`
 * (open stages the deal was really in), `lost_from_status_id`, `entered_status_at`; and each
 * change's `from_entered_at` (when the deal entered the stage it left) and `owner_id` (the lead's
 * responsible), for time-in-stage per manager.
 */
import type { ColumnType } from 'kysely';

type Bigint = ColumnType<number, number, number>;
type NullableBigint = ColumnType<number | null, number | null | undefined, number | null>;
type Json = ColumnType<unknown, string, string>;

export interface AnalyticsLeadsTable {
  account_id: Bigint;
  id: Bigint;
  name: string;
  pipeline_id: Bigint;
  status_id: Bigint;
  responsible_user_id: Bigint;
  group_id: NullableBigint;
  price: number;
  created_at: Bigint;
  updated_at: Bigint;
  closed_at: NullableBigint;
  closest_task_at: NullableBigint;
  loss_reason_id: NullableBigint;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  visited: ColumnType<number[], number[] | undefined, number[]>;
  lost_from_status_id: NullableBigint;
  entered_status_at: Bigint;
}

export interface AnalyticsStatusChangesTable {
  account_id: Bigint;
  /** amoCRM's event id: a change read twice (backfill, then sync) is stored once. */
  event_id: string;
  lead_id: Bigint;
  at: Bigint;
  by_user_id: Bigint;
  from_pipeline_id: NullableBigint;
  from_status_id: NullableBigint;
  to_pipeline_id: Bigint;
  to_status_id: Bigint;
  from_entered_at: NullableBigint;
  /** The lead's responsible (now), copied when facts are derived: stage times per manager without a join. */
  owner_id: NullableBigint;
}

export interface AnalyticsTasksTable {
  account_id: Bigint;
  id: Bigint;
  lead_id: NullableBigint;
  responsible_user_id: Bigint;
  complete_till: Bigint;
  is_completed: boolean;
  updated_at: Bigint;
}

/**
 * Finished stage visits as sorted runs, per (pipeline, stage left, the lead's responsible, 30-day bin of
 * leaving): the funnel's median days in stage read these (../analytics/stage-times.ts). Rebuilt from
 * analytics_status_changes whenever the facts of a lead in the bin are re-derived.
 */
export interface AnalyticsStageTimeBinsTable {
  account_id: Bigint;
  pipeline_id: Bigint;
  /** floor(left at / 30 days). */
  bin: number;
  status_id: Bigint;
  owner_id: Bigint;
  visits: number;
  /** Seconds in the stage, ascending, as big-endian int4. */
  seconds: Uint8Array;
  /** Seconds from the bin's start to leaving, in the same order (the partly covered bins at a period's edges filter by these). */
  left_offsets: Uint8Array;
}

export type AnalyticsSyncState = 'empty' | 'backfilling' | 'ready' | 'failed';

/** One row per account: where the backfill is, and the checkpoints of the incremental sync. */
export interface AnalyticsSyncTable {
  account_id: Bigint;
  state: AnalyticsSyncState;
  phase: 'leads' | 'events' | 'tasks' | null;
  /** The next page of `phase` to read: a backfill interrupted by a restart continues there. */
  next_page: number;
  progress: Json;
  backfill_started_at: NullableBigint;
  backfill_finished_at: NullableBigint;
  /** Incremental sync reads what changed since these (Unix seconds, with a small overlap). */
  leads_since: NullableBigint;
  events_since: NullableBigint;
  tasks_since: NullableBigint;
  last_sync_at: NullableBigint;
  error: string | null;
  /** Bumped by every new backfill: a job of an older generation stops. */
  generation: number;
  /** The account's zone, currency, pipelines and loss reasons as last read (AnalyticsCatalog). */
  catalog: Json | null;
  /** Rows in the mirror after the last backfill page or sync (counting 1M rows per status request would be the slowest part of every view). */
  counts: Json | null;
}

/** Point-in-time numbers per manager and day (account zone), kept so past weeks can be read. */
export interface AnalyticsSnapshotsTable {
  account_id: Bigint;
  /** YYYY-MM-DD in the account's zone (text: node-postgres would turn a date into a local-midnight Date). */
  day: string;
  user_id: Bigint;
  open_deals: number;
  without_task: number;
  with_overdue_task: number;
  taken_at: Bigint;
}

export interface AnalyticsTargetsTable {
  account_id: Bigint;
  /** The group id; 0 = account-wide. */
  group_key: Bigint;
  metric: string;
  value: number;
  allowed_deviation: number;
  direction: 'at_least' | 'at_most';
  updated_by: Bigint;
  updated_at: Bigint;
}

export interface AnalyticsSettingsTable {
  account_id: Bigint;
  settings: Json;
}

export interface AnalyticsTables {
  analytics_leads: AnalyticsLeadsTable;
  analytics_status_changes: AnalyticsStatusChangesTable;
  analytics_tasks: AnalyticsTasksTable;
  analytics_stage_time_bins: AnalyticsStageTimeBinsTable;
  analytics_sync: AnalyticsSyncTable;
  analytics_snapshots: AnalyticsSnapshotsTable;
  analytics_targets: AnalyticsTargetsTable;
  analytics_settings: AnalyticsSettingsTable;
}
