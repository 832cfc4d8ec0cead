/**
 * Review tasks now go through the shared amoCRM effect runner (src/service/jobs/amo-effects.ts),
 * which marks a started create in the effects ledger instead of `refusal_reviews.task_requested_at`.
 * A create in flight when this runs keeps its mark (so the next round adopts the task instead of
 * creating a second one); then the column goes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    INSERT INTO effects (account_id, key, result, created_at)
    SELECT account_id, 'refusals:review-task:' || id || ':started', 'null'::jsonb, task_requested_at
    FROM refusal_reviews
    WHERE task_requested_at IS NOT NULL AND review_task_id IS NULL
    ON CONFLICT (account_id, key) DO NOTHING`.execute(db);
  await sql`ALTER TABLE refusal_reviews DROP COLUMN task_requested_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refusal_reviews ADD COLUMN task_requested_at timestamptz`.execute(db);
  await sql`
    UPDATE refusal_reviews r SET task_requested_at = e.created_at
    FROM effects e
    WHERE e.account_id = r.account_id AND e.key = 'refusals:review-task:' || r.id || ':started'`.execute(db);
}
