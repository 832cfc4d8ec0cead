/** Sales-head analytics: the per-account mirror, its sync state, daily snapshots, targets, settings (src/service/store/tables-analytics.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_leads (
      account_id bigint NOT NULL,
      id bigint NOT NULL,
      name text NOT NULL,
      pipeline_id bigint NOT NULL,
      status_id bigint NOT NULL,
      responsible_user_id bigint NOT NULL,
      group_id bigint,
      price double precision NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      closed_at bigint,
      closest_task_at bigint,
      loss_reason_id bigint,
      tags text[] NOT NULL DEFAULT '{}',
      visited bigint[] NOT NULL DEFAULT '{}',
      lost_from_status_id bigint,
      entered_status_at bigint NOT NULL,
      PRIMARY KEY (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX analytics_leads_created ON analytics_leads (account_id, pipeline_id, created_at)`.execute(db);
  await sql`CREATE INDEX analytics_leads_closed ON analytics_leads (account_id, closed_at) WHERE closed_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE analytics_status_changes (
      account_id bigint NOT NULL,
      event_id text NOT NULL,
      lead_id bigint NOT NULL,
      at bigint NOT NULL,
      by_user_id bigint NOT NULL,
      from_pipeline_id bigint,
      from_status_id bigint,
      to_pipeline_id bigint NOT NULL,
      to_status_id bigint NOT NULL,
      from_entered_at bigint,
      owner_id bigint,
      PRIMARY KEY (account_id, event_id)
    )`.execute(db);
  await sql`CREATE INDEX analytics_changes_lead ON analytics_status_changes (account_id, lead_id, at)`.execute(db);
  await sql`CREATE INDEX analytics_changes_left ON analytics_status_changes (account_id, from_pipeline_id, at)`.execute(db);

  await sql`
    CREATE TABLE analytics_tasks (
      account_id bigint NOT NULL,
      id bigint NOT NULL,
      lead_id bigint,
      responsible_user_id bigint NOT NULL,
      complete_till bigint NOT NULL,
      is_completed boolean NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (account_id, id)
    )`.execute(db);
  await sql`CREATE INDEX analytics_tasks_due ON analytics_tasks (account_id, complete_till)`.execute(db);

  await sql`
    CREATE TABLE analytics_sync (
      account_id bigint PRIMARY KEY,
      state text NOT NULL CHECK (state IN ('empty', 'backfilling', 'ready', 'failed')),
      phase text,
      next_page integer NOT NULL DEFAULT 1,
      progress jsonb NOT NULL,
      backfill_started_at bigint,
      backfill_finished_at bigint,
      leads_since bigint,
      events_since bigint,
      tasks_since bigint,
      last_sync_at bigint,
      error text,
      generation integer NOT NULL DEFAULT 0,
      catalog jsonb,
      counts jsonb
    )`.execute(db);

  await sql`
    CREATE TABLE analytics_snapshots (
      account_id bigint NOT NULL,
      day text NOT NULL,
      user_id bigint NOT NULL,
      open_deals integer NOT NULL,
      without_task integer NOT NULL,
      with_overdue_task integer NOT NULL,
      taken_at bigint NOT NULL,
      PRIMARY KEY (account_id, day, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE analytics_targets (
      account_id bigint NOT NULL,
      group_key bigint NOT NULL,
      metric text NOT NULL,
      value double precision NOT NULL,
      allowed_deviation double precision NOT NULL,
      direction text NOT NULL CHECK (direction IN ('at_least', 'at_most')),
      updated_by bigint NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (account_id, group_key, metric)
    )`.execute(db);

  await sql`
    CREATE TABLE analytics_settings (
      account_id bigint PRIMARY KEY,
      settings jsonb NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['analytics_settings', 'analytics_targets', 'analytics_snapshots', 'analytics_sync', 'analytics_tasks', 'analytics_status_changes', 'analytics_leads']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
