/** The job runner's queue and the keyed side-effect ledger (src/service/store/tables-inbox.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL CHECK (max_attempts > 0),
      run_at timestamptz NOT NULL,
      locked_by text,
      locked_until timestamptz,
      last_error text,
      idempotency_key text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz,
      -- NULL keys are distinct in a UNIQUE constraint: only keyed jobs are deduplicated.
      UNIQUE (account_id, idempotency_key)
    )`.execute(db);
  // The claim query scans due queued jobs in order, and running jobs whose lease ran out.
  await sql`CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status = 'queued'`.execute(db);
  await sql`CREATE INDEX jobs_leases ON jobs (locked_until) WHERE status = 'running'`.execute(db);
  await sql`CREATE INDEX jobs_account_status ON jobs (account_id, status)`.execute(db);

  await sql`
    CREATE TABLE effects (
      account_id bigint NOT NULL,
      key text NOT NULL,
      result jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (account_id, key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE effects`.execute(db);
  await sql`DROP TABLE jobs`.execute(db);
}
