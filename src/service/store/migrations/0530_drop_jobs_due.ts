/**
 * `jobs_due (run_at, id) WHERE status = 'queued'` served the first claim, which took due jobs in
 * run_at order across accounts. The fair claim (migration 0460, src/service/jobs/fair-claim.ts)
 * reads `jobs_due_by_account` only, so this index was one more write on every enqueued job — on the
 * acknowledgement path — that no query read.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX jobs_due`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status = 'queued'`.execute(db);
}
