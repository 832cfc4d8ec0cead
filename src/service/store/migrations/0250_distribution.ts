/** Lead distribution: rotation pointers, pending leads, the decision log, held leads (../tables-distribution.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE distribution_rotation (
      account_id bigint NOT NULL,
      pipeline_id bigint NOT NULL,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, pipeline_id)
    )`.execute(db);
  await sql`
    CREATE TABLE distribution_pending (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('dp', 'webhook', 'guard', 'held')),
      expected_status_id bigint,
      arrived_at timestamptz NOT NULL,
      claimed_by text,
      claimed_until timestamptz
    )`.execute(db);
  await sql`CREATE INDEX distribution_pending_account ON distribution_pending (account_id, arrived_at, id)`.execute(db);
  await sql`
    CREATE TABLE distribution_decisions (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      pipeline_id bigint,
      at timestamptz NOT NULL,
      trigger text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('assigned', 'held', 'ignored')),
      user_id bigint,
      why text,
      from_user_id bigint,
      candidates jsonb NOT NULL,
      move_tasks boolean NOT NULL DEFAULT false,
      applied_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX distribution_decisions_lead ON distribution_decisions (account_id, lead_id, at)`.execute(db);
  await sql`CREATE INDEX distribution_decisions_at ON distribution_decisions (account_id, at)`.execute(db);
  // The writer scans decisions amoCRM has not seen yet.
  await sql`CREATE INDEX distribution_decisions_unapplied ON distribution_decisions (account_id, id) WHERE kind = 'assigned' AND applied_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE distribution_held (
      account_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      pipeline_id bigint NOT NULL,
      arrived_at timestamptz NOT NULL,
      held_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, lead_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE distribution_held`.execute(db);
  await sql`DROP TABLE distribution_decisions`.execute(db);
  await sql`DROP TABLE distribution_pending`.execute(db);
  await sql`DROP TABLE distribution_rotation`.execute(db);
}
