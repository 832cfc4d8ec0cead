/**
 * `inbox_commit_batch(batch_webhooks, batch_jobs, batch_at)`: a batch of acknowledged webhooks
 * and their jobs in one statement (src/service/webhooks/inbox.ts builds the two JSON documents and reads the
 * result). A function rather than a statement sent each time because the database keeps a
 * function's plan for the session: on PGlite, planning the statement cost as much as running it
 * for a small batch, which is most batches at a steady rate (bench:webhooks).
 *
 * - batch_webhooks: [{ ord, account_id, source, dedupe_key, raw (base64), content_type, job_count }],
 *   the first of identical webhooks only; batch_jobs: [{ ord, job_index, type, payload }].
 * - Only accounts still connected get rows (a disconnect takes effect at once).
 * - Inbox and job rows are inserted in `ord` order, so an account's ids follow arrival.
 * - Jobs get `inboxId` in their payload and the idempotency key `inbox:<id>:<index>`, so a
 *   replayed fan-out can never double a job; 8 attempts, as src/service/jobs/queue.ts's default.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION inbox_commit_batch(batch_webhooks jsonb, batch_jobs jsonb, batch_at timestamptz)
    RETURNS TABLE (connected jsonb, inserted jsonb, job_count bigint)
    LANGUAGE plpgsql AS $fn$
    #variable_conflict use_column
    BEGIN
    RETURN QUERY
    WITH entry AS (
      SELECT * FROM jsonb_to_recordset(batch_webhooks)
        AS e(ord int, account_id bigint, source text, dedupe_key text, raw text, content_type text, job_count int)
    ), connected AS (
      SELECT id FROM accounts WHERE status = 'connected' AND id IN (SELECT account_id FROM entry)
    ), inserted AS (
      INSERT INTO webhook_inbox (account_id, source, dedupe_key, raw, content_type, job_count, received_at)
      SELECT account_id, source, dedupe_key, decode(raw, 'base64'), content_type, job_count, batch_at
      FROM entry WHERE account_id IN (SELECT id FROM connected) ORDER BY ord
      ON CONFLICT (account_id, dedupe_key) DO NOTHING
      RETURNING id, account_id, dedupe_key
    ), queued AS (
      INSERT INTO jobs (account_id, type, payload, status, max_attempts, run_at, idempotency_key, created_at, updated_at)
      SELECT i.account_id, j.type, j.payload || jsonb_build_object('inboxId', i.id), 'queued', 8,
        batch_at, 'inbox:' || i.id || ':' || j.job_index, batch_at, batch_at
      FROM inserted i
      JOIN entry e ON e.account_id = i.account_id AND e.dedupe_key = i.dedupe_key
      JOIN jsonb_to_recordset(batch_jobs) AS j(ord int, job_index int, type text, payload jsonb) ON j.ord = e.ord
      ORDER BY i.id, j.job_index
      -- A replayed fan-out can never double a job.
      ON CONFLICT (account_id, idempotency_key) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT coalesce(jsonb_agg(id), '[]') FROM connected) AS connected,
      (SELECT coalesce(jsonb_agg(jsonb_build_array(id, account_id, dedupe_key)), '[]') FROM inserted) AS inserted,
      (SELECT count(*) FROM queued) AS job_count;
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION inbox_commit_batch(jsonb, jsonb, timestamptz)`.execute(db);
}
