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

/** A subquery of job ids for `WHERE id IN (…)` inside the claiming transaction. */
export function fairDueJobIds(types: readonly string[], now: Date, limit: number): RawBuilder<{ id: number }> {
  const typeList = sql.join(types.map((type) => sql`${type}`));
  const due = sql`type IN (${typeList}) AND ((status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now}))`;
  return sql<{ id: number }>`
    SELECT picked.id FROM (
      SELECT candidate.id, candidate.run_at,
        row_number() OVER (PARTITION BY accounts.account_id ORDER BY candidate.run_at, candidate.id) AS turn
      FROM (SELECT DISTINCT account_id FROM jobs WHERE ${due}) AS accounts
      CROSS JOIN LATERAL (
        SELECT id, run_at FROM jobs
        WHERE jobs.account_id = accounts.account_id AND ${due}
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS candidate
    ) AS picked
    ORDER BY picked.turn, picked.run_at, picked.id
    LIMIT ${limit}`;
}
