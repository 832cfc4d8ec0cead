/**
 * One collector at a time per account, held on the account's `refusal_collectors` row: `holder`
 * names the job attempt that runs (`<job id>#<attempt>`), `held_until` is that attempt's lease
 * end, after which another collector may take over. See src/service/refusals/collector-hold.ts.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refusal_collectors ADD COLUMN holder text, ADD COLUMN held_until timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refusal_collectors DROP COLUMN holder, DROP COLUMN held_until`.execute(db);
}
