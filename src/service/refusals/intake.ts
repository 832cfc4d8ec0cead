/**
 * Losses in: webhook jobs and the backfill record "this lead was lost" as pending rows; one
 * collector job per account then looks them all up in amoCRM together (./collect.ts). A thousand
 * webhooks arriving within a second become a handful of requests instead of a thousand.
 *
 * Why a generation: job idempotency keys stay taken after the job ran, so a fixed key would let a
 * loss recorded after the collector looked at the pending rows wait for the next webhook. Each
 * recording enqueues `refusals.collect:<generation>` while holding the collector row FOR SHARE;
 * the collector bumps the generation (waiting for those holders) before it reads the pending rows.
 * So a loss is either seen by the running collector or schedules the next one — never neither.
 */
import type { Transaction } from 'kysely';
import type { AccountId, LeadId, StatusId } from '../../core/brand';
import { insertJobs } from '../jobs/queue';
import type { JsonValue } from '../jobs/types';
import type { Database } from '../store/schema';
import type { Db } from './repository';
import { asLeadId, asStatusId } from '../../core/brand';

export const COLLECT_JOB = 'refusals.collect';

export interface SeenLoss { leadId: LeadId; lostFromStatusId: StatusId | null }

export async function recordLosses(
  db: Db, accountId: AccountId, losses: readonly SeenLoss[], now: Date, delayMs: number,
): Promise<void> {
  if (losses.length === 0) return;
  const work = async (trx: Transaction<Database>): Promise<void> => {
    await trx.insertInto('refusal_collectors').values({ account_id: accountId, generation: 1 })
      .onConflict((conflict) => conflict.column('account_id').doNothing()).execute();
    const collector = await trx.selectFrom('refusal_collectors').select('generation')
      .where('account_id', '=', accountId).forShare().executeTakeFirstOrThrow();
    await trx.insertInto('refusal_pending_losses')
      .values(losses.map((loss) => ({
        account_id: accountId, lead_id: loss.leadId, lost_from_status_id: loss.lostFromStatusId, seen_at: now,
      })))
      .onConflict((conflict) => conflict.columns(['account_id', 'lead_id']).doUpdateSet((eb) => ({
        // A repeated delivery may lack old_status_id; keep what an earlier one told us.
        lost_from_status_id: eb.fn.coalesce('excluded.lost_from_status_id', 'refusal_pending_losses.lost_from_status_id'),
        seen_at: eb.ref('excluded.seen_at'),
      })))
      .execute();
    await insertJobs(trx, [{
      accountId, type: COLLECT_JOB, payload: { generation: collector.generation },
      idempotencyKey: `${COLLECT_JOB}:${collector.generation}`, runAt: new Date(now.getTime() + delayMs),
    }], now);
  };
  await (db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work));
}

/** Called first by the collector: from now on new losses schedule the next collector. */
export async function advanceCollectorGeneration(db: Db, accountId: AccountId): Promise<void> {
  await db.updateTable('refusal_collectors').set((eb) => ({ generation: eb('generation', '+', 1) }))
    .where('account_id', '=', accountId).execute();
}

export interface PendingLoss { leadId: LeadId; lostFromStatusId: StatusId | null }

/** Rows seen before `cutoff` (the round's start): a row seen again later is left for the next round. */
export async function selectPendingLosses(db: Db, accountId: AccountId, cutoff: Date, limit: number): Promise<PendingLoss[]> {
  const rows = await db.selectFrom('refusal_pending_losses').select(['lead_id', 'lost_from_status_id'])
    .where('account_id', '=', accountId).where('seen_at', '<', cutoff)
    .orderBy('seen_at').orderBy('lead_id').limit(limit).execute();
  return rows.map((row) => ({
    leadId: asLeadId(Number(row.lead_id)),
    lostFromStatusId: row.lost_from_status_id === null ? null : (asStatusId(Number(row.lost_from_status_id))),
  }));
}

export async function removePendingLosses(db: Db, accountId: AccountId, leadIds: readonly LeadId[], cutoff: Date): Promise<void> {
  if (leadIds.length === 0) return;
  await db.deleteFrom('refusal_pending_losses')
    .where('account_id', '=', accountId).where('lead_id', 'in', [...leadIds]).where('seen_at', '<', cutoff)
    .execute();
}

/** Longest a loss waits for the webhooks after it to quiet down before it is looked up anyway. */
const COLLECT_MAX_WAIT_MS = 10_000;

/**
 * Debounce: while losses are still arriving (the newest is younger than `quietMs`), the collector
 * re-schedules itself for the quiet point instead of running, so a burst of webhooks spread over
 * several seconds is looked up in one round of 250-id fetches and 50-task creates. The generation
 * is not advanced, so losses recorded meanwhile still belong to this (deferred) collector.
 */
export async function deferWhileLossesArrive(
  db: Db, accountId: AccountId, job: { id: number; payload: unknown }, now: Date, quietMs: number,
): Promise<boolean> {
  if (quietMs <= 0) return false;
  const span = await db.selectFrom('refusal_pending_losses')
    .select((eb) => [eb.fn.min('seen_at').as('oldest'), eb.fn.max('seen_at').as('newest')])
    .where('account_id', '=', accountId).executeTakeFirst();
  const oldest = span?.oldest === null || span?.oldest === undefined ? null : new Date(span.oldest);
  const newest = span?.newest === null || span?.newest === undefined ? null : new Date(span.newest);
  if (oldest === null || newest === null) return false;
  const stillArriving = now.getTime() - newest.getTime() < quietMs;
  if (!stillArriving || now.getTime() - oldest.getTime() >= COLLECT_MAX_WAIT_MS) return false;
  await insertJobs(db, [{
    accountId, type: COLLECT_JOB, payload: job.payload as JsonValue,
    idempotencyKey: `${COLLECT_JOB}:deferred:${job.id}`, runAt: new Date(newest.getTime() + quietMs),
  }], now);
  return true;
}
