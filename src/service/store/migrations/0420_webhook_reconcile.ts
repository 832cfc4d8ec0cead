/** The webhook reconciler's state per account (src/service/reconcile, ../tables-reconcile.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_reconcile (
      account_id bigint PRIMARY KEY,
      checkpoint bigint NOT NULL,
      subscription text NOT NULL CHECK (subscription IN ('ok', 'missing', 'disabled', 'failed')),
      checked_at timestamptz NOT NULL,
      problem text CHECK (problem IN ('missing', 'disabled', 'failed')),
      problem_at timestamptz,
      resubscriptions integer NOT NULL DEFAULT 0,
      caught_up integer NOT NULL DEFAULT 0,
      last_catch_up_at timestamptz,
      error text,
      updated_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE webhook_reconcile`.execute(db);
}
