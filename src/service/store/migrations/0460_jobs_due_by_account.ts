/**
 * The fair claim (src/service/jobs/fair-claim.ts) walks the accounts that have queued jobs and
 * takes each one's oldest due jobs: with this index both are index probes, so a claim reads a
 * handful of rows however long the backlog is (issue 13, bench:scale).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX jobs_due_by_account ON jobs (account_id, run_at, id) WHERE status = 'queued'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX jobs_due_by_account`.execute(db);
}
