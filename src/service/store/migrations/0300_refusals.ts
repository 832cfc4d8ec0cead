/** Refusal control: reviews, pending losses, the collector generation, backfills (src/service/store/tables-refusals.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE refusal_reviews (
      id text PRIMARY KEY,
      account_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      loss_event_key text NOT NULL,
      state text NOT NULL,
      review jsonb NOT NULL,
      lead_name text NOT NULL,
      manager_id bigint NOT NULL,
      manager_group_id bigint,
      reviewer_id bigint NOT NULL,
      manager_reason_id bigint,
      value double precision NOT NULL,
      pipeline_id bigint NOT NULL,
      lost_at bigint NOT NULL,
      decided_at bigint,
      review_task_id bigint,
      task_request jsonb,
      task_requested_at timestamptz,
      problem text,
      plan_pending boolean NOT NULL DEFAULT false,
      applying_until timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (account_id, loss_event_key)
    )`.execute(db);
  await sql`CREATE INDEX refusal_reviews_lead ON refusal_reviews (account_id, lead_id)`.execute(db);
  await sql`CREATE INDEX refusal_reviews_state ON refusal_reviews (account_id, state, lost_at)`.execute(db);
  await sql`CREATE INDEX refusal_reviews_decided ON refusal_reviews (account_id, decided_at) WHERE decided_at IS NOT NULL`.execute(db);
  await sql`CREATE INDEX refusal_reviews_task_missing ON refusal_reviews (account_id) WHERE review_task_id IS NULL AND task_request IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE refusal_pending_losses (
      account_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      lost_from_status_id bigint,
      seen_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, lead_id)
    )`.execute(db);
  await sql`
    CREATE TABLE refusal_collectors (
      account_id bigint PRIMARY KEY,
      generation integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE refusal_backfills (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL,
      from_at bigint NOT NULL,
      to_at bigint NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
      total integer NOT NULL,
      done integer NOT NULL,
      created integer NOT NULL,
      error text,
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX refusal_backfills_account ON refusal_backfills (account_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE refusal_backfills`.execute(db);
  await sql`DROP TABLE refusal_collectors`.execute(db);
  await sql`DROP TABLE refusal_pending_losses`.execute(db);
  await sql`DROP TABLE refusal_reviews`.execute(db);
}
