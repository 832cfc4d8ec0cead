/** The account facts the numbers are labelled with (zone, currency, stages, reasons), read by each sync and kept on the sync row. */
import type { Kysely } from 'kysely';
import type { LossReason, Pipeline } from '../../core/domain';
import type { Database } from '../store/schema';

export interface AnalyticsCatalog { timezone: string; currency: string; pipelines: Pipeline[]; lossReasons: LossReason[] }

export async function readCatalog(db: Kysely<Database>, accountId: number): Promise<AnalyticsCatalog | null> {
  const row = await db.selectFrom('analytics_sync').select('catalog').where('account_id', '=', accountId).executeTakeFirst();
  return (row?.catalog ?? null) as AnalyticsCatalog | null;
}
