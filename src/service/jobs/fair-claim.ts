/**
 * Which due jobs a worker claims when several accounts have work (issue 13: one account's burst
 * must not starve another's jobs). Round robin across accounts: every account's oldest due job
 * first, then every account's second, and so on, each account in its own run_at order. Plain
 * `ORDER BY run_at` would make an account whose 3,000 webhooks just arrived push every other
 * account's new work behind all of them.
 *
 * Candidates are locked per account (`FOR UPDATE SKIP LOCKED` inside a LATERAL subquery, since
 * PostgreSQL refuses row locks next to window functions); only the ones picked are claimed by the
 * caller's UPDATE, and the other locks end with its transaction.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * A subquery of job ids for `WHERE id IN (…)` inside the claiming transaction. Only queued jobs:
 * a running job whose lease ran out is put back in the queue first (queue.ts, claimJobs).
 *
 * Its cost must not grow with the backlog (a 3,000-webhook burst is ~10,000 jobs): the accounts
 * with queued jobs are found by skipping through the `jobs_due_by_account` index (a recursive
 * "loose index scan", one probe per account), and each account's candidates are read from the
 * same index in run_at order, stopping after `limit`.
 */
export function fairDueJobIds(types: readonly string[], now: Date, limit: number): RawBuilder<{ id: number }> {
  const typeList = sql.join(types.map((type) => sql`${type}`));
  return sql<{ id: number }>`
    SELECT picked.id FROM (
      SELECT candidate.id, candidate.run_at,
        row_number() OVER (PARTITION BY queued.account_id ORDER BY candidate.run_at, candidate.id) AS turn
      FROM (
        WITH RECURSIVE accounts AS (
          (SELECT account_id FROM jobs WHERE status = 'queued' ORDER BY account_id LIMIT 1)
          UNION ALL
          SELECT (SELECT next.account_id FROM jobs AS next
                  WHERE next.status = 'queued' AND next.account_id > accounts.account_id
                  ORDER BY next.account_id LIMIT 1)
          FROM accounts WHERE accounts.account_id IS NOT NULL
        )
        SELECT account_id FROM accounts WHERE account_id IS NOT NULL
      ) AS queued
      CROSS JOIN LATERAL (
        SELECT id, run_at FROM jobs
        WHERE jobs.account_id = queued.account_id AND jobs.status = 'queued' AND jobs.run_at <= ${now} AND jobs.type IN (${typeList})
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS candidate
    ) AS picked
    ORDER BY picked.turn, picked.run_at, picked.id
    LIMIT ${limit}`;
}
