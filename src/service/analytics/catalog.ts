/** The account facts the numbers are labelled with (zone, currency, stages, reasons), read by each sync and kept on the sync row. */
import type { Kysely } from 'kysely';
import type { LossReason, Pipeline } from '../../core/domain';
import { asAccountId } from '../../core/brand';
import { accountTimeZone } from '../accounts/directory';
import { loadConfig } from '../config/repository';
import type { Database } from '../store/schema';

export interface TimeToWin { p80: number | null; won: number }

export interface AnalyticsCatalog {
  timezone: string;
  currency: string;
  pipelines: Pipeline[];
  lossReasons: LossReason[];
  /**
   * The 80th percentile time to win per pipeline id ('all' = every pipeline), measured after each
   * sync: it moves slowly, and measuring it scans every won deal, too slow for every request.
   */
  timeToWin?: Record<string, TimeToWin>;
}

export async function readCatalog(db: Kysely<Database>, accountId: number): Promise<AnalyticsCatalog | null> {
  const row = await db.selectFrom('analytics_sync').select('catalog').where('account_id', '=', accountId).executeTakeFirst();
  return (row?.catalog ?? null) as AnalyticsCatalog | null;
}

/**
 * The account time for the numbers (docs/decisions/0003-account-time.md): the zone an admin set,
 * else amoCRM's — as the mirror's catalog holds it, or from the directory before the first sync.
 */
export async function analyticsTimeZone(db: Kysely<Database>, accountId: number, catalog: AnalyticsCatalog | null, amoZone: () => Promise<string | null>): Promise<string> {
  const { config } = await loadConfig(db, asAccountId(accountId));
  return accountTimeZone(config.general.timezone, async () => catalog?.timezone ?? await amoZone());
}
