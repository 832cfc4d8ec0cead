/**
 * The per-account amoCRM request budget shared by every service instance over one PostgreSQL
 * (src/service/accounts/shared-budget.ts): one row per slot, N slots per account. A slot is held
 * from its grant until one second after its release, like the in-process budget (src/amo/budget.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE amo_budget_slots (
      budget_key text NOT NULL,
      slot integer NOT NULL,
      granted_at timestamptz NOT NULL,
      released_at timestamptz,
      holder text NOT NULL,
      PRIMARY KEY (budget_key, slot)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE amo_budget_slots`.execute(db);
}
