/**
 * Daily snapshots of the point-in-time numbers (open deals, without a task, with an overdue task)
 * per manager. amoCRM keeps no history of `closest_task_at`, so last week's "deals without a task"
 * exists only if we wrote it down then. Every sync rewrites today's row, so a past day keeps the
 * last value it had; rows are in the database, so they survive restarts.
 */
import { sql, type Kysely } from 'kysely';
import { toEpochMs } from '../../core/brand';
import { formatLocalDate, toLocalDateTime } from '../../core/time';
import type { Database } from '../store/schema';
import { analyticsTimeZone, readCatalog } from './catalog';
import { asUnixSeconds } from '../../core/brand';

export const localDay = (timezone: string, at: number): string => formatLocalDate(toLocalDateTime(timezone, toEpochMs(asUnixSeconds(at))));

export async function takeSnapshot(db: Kysely<Database>, accountId: number, now: number): Promise<void> {
  const catalog = await readCatalog(db, accountId);
  const day = localDay(await analyticsTimeZone(db, accountId, catalog, async () => null), now);
  await sql`
    INSERT INTO analytics_snapshots (account_id, day, user_id, open_deals, without_task, with_overdue_task, taken_at)
    SELECT ${accountId}, ${day}, responsible_user_id,
      count(*)::int,
      count(*) FILTER (WHERE closest_task_at IS NULL)::int,
      count(*) FILTER (WHERE closest_task_at < ${now})::int,
      ${now}
    FROM analytics_leads
    WHERE account_id = ${accountId} AND status_id NOT IN (142, 143)
    GROUP BY responsible_user_id
    ON CONFLICT (account_id, day, user_id) DO UPDATE SET
      open_deals = excluded.open_deals, without_task = excluded.without_task,
      with_overdue_task = excluded.with_overdue_task, taken_at = excluded.taken_at`.execute(db);
  // A manager whose last open deal closed today: their row must say 0, not keep this morning's count.
  await sql`
    UPDATE analytics_snapshots SET open_deals = 0, without_task = 0, with_overdue_task = 0, taken_at = ${now}
    WHERE account_id = ${accountId} AND day = ${day} AND taken_at <> ${now}`.execute(db);
}
