/**
 * Stage durations kept as sorted runs per (pipeline, stage, manager, 30-day bin of leaving), so the
 * funnel's medians read a few thousand small rows instead of sorting the million status changes
 * (src/service/analytics/stage-times.ts). The index the old median query used is replaced by one
 * that finds a bin's changes when the sync rebuilds it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_stage_time_bins (
      account_id bigint NOT NULL,
      pipeline_id bigint NOT NULL,
      bin integer NOT NULL,
      status_id bigint NOT NULL,
      owner_id bigint NOT NULL,
      visits integer NOT NULL,
      seconds bytea NOT NULL,
      left_offsets bytea NOT NULL,
      PRIMARY KEY (account_id, pipeline_id, bin, status_id, owner_id)
    )`.execute(db);
  await sql`DROP INDEX analytics_changes_left`.execute(db);
  await sql`
    CREATE INDEX analytics_changes_stage_owner ON analytics_status_changes (account_id, from_pipeline_id, from_status_id, owner_id, at)
    WHERE from_entered_at IS NOT NULL`.execute(db);
  // Mirrors filled before this migration: the same runs the sync writes (stage-times.ts rebuildStageTimeBins).
  await sql`
    INSERT INTO analytics_stage_time_bins
    SELECT account_id, from_pipeline_id, (at / 2592000)::int, from_status_id, owner_id, count(*),
      string_agg(int4send(least(greatest(at - from_entered_at, -2147483648), 2147483647)::int), ''::bytea ORDER BY at - from_entered_at, at),
      string_agg(int4send((at % 2592000)::int), ''::bytea ORDER BY at - from_entered_at, at)
    FROM analytics_status_changes
    WHERE from_entered_at IS NOT NULL AND owner_id IS NOT NULL AND from_pipeline_id IS NOT NULL AND from_status_id IS NOT NULL AND at >= 0
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX analytics_changes_stage_owner`.execute(db);
  await sql`CREATE INDEX analytics_changes_left ON analytics_status_changes (account_id, from_pipeline_id, at)`.execute(db);
  await sql`DROP TABLE analytics_stage_time_bins`.execute(db);
}
