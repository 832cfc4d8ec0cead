/**
 * Backfill (PRODUCT: "for the day of installation"): reviews for deals lost in a chosen period,
 * paged from amoCRM (filter[statuses] = lost in every pipeline + filter[closed_at]) 250 at a time.
 * The reviews get the same loss-event keys as webhook-made ones, so the two never duplicate.
 * Their review tasks are left to a collector job. amoCRM lists carry no total, so `total` is what
 * has been read so far until the run is done.
 */
import type { AccountId, UnixSeconds } from '../../core/brand';
import { STATUS_LOST } from '../../core/brand';
import type { RefusalDeps } from './context';
import { loadPeopleCatalog, loadRefusalSettings, requireAccount } from './context';
import { processLostDeals } from './collect';
import { insertJobs } from '../jobs/queue';
import { COLLECT_JOB } from './intake';
import type { BackfillProgress } from '../../contract/refusals';
import { asPipelineId, asUnixSeconds } from '../../core/brand';

export const BACKFILL_JOB = 'refusals.backfill';

export async function startBackfill(
  deps: RefusalDeps, accountId: AccountId, period: { from: UnixSeconds; to: UnixSeconds },
  enqueue: (backfillId: number) => Promise<void>,
): Promise<BackfillProgress> {
  const now = new Date(deps.clock.now());
  const row = await deps.db.insertInto('refusal_backfills')
    .values({ account_id: accountId, from_at: period.from, to_at: period.to, state: 'running', total: 0, done: 0, created: 0, error: null, started_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  await enqueue(row.id);
  return (await readBackfill(deps, accountId)) ?? { state: 'running', done: 0, total: 0, created: 0, from: period.from, to: period.to, error: null };
}

export async function readBackfill(deps: Pick<RefusalDeps, 'db'>, accountId: AccountId): Promise<BackfillProgress | null> {
  const row = await deps.db.selectFrom('refusal_backfills').selectAll()
    .where('account_id', '=', accountId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (row === undefined) return null;
  return {
    state: row.state, done: row.done, total: row.total, created: row.created,
    from: asUnixSeconds(Number(row.from_at)), to: asUnixSeconds(Number(row.to_at)), error: row.error,
  };
}

export async function runBackfill(deps: RefusalDeps, accountId: AccountId, backfillId: number, isLastAttempt: boolean): Promise<void> {
  const row = await deps.db.selectFrom('refusal_backfills').selectAll()
    .where('account_id', '=', accountId).where('id', '=', backfillId).executeTakeFirst();
  if (row === undefined || row.state !== 'running') return;
  const update = async (values: { state?: 'done' | 'failed'; total?: number; done?: number; created?: number; error?: string | null }): Promise<void> => {
    await deps.db.updateTable('refusal_backfills').set({ ...values, updated_at: new Date(deps.clock.now()) })
      .where('account_id', '=', accountId).where('id', '=', backfillId).execute();
  };
  try {
    const account = await requireAccount(deps, accountId);
    const amo = deps.amoFor(account);
    const [settings, catalog, pipelines] = await Promise.all([
      loadRefusalSettings(deps, accountId), loadPeopleCatalog(deps, accountId), amo.listPipelines(),
    ]);
    const ctx = { accountId, baseUrl: account.baseUrl, settings, catalog };
    let done = 0;
    let created = 0;
    await update({ done: 0, total: 0, created: 0, error: null });
    const query = {
      statuses: pipelines.map((p) => ({ pipelineId: asPipelineId(p.id), statusId: STATUS_LOST })),
      closedAt: { from: asUnixSeconds(Number(row.from_at)), to: asUnixSeconds(Number(row.to_at)) },
      withLossReason: true,
    };
    for await (const page of amo.iterateLeads(query)) {
      const counts = await processLostDeals(deps, ctx, page, page.map((deal) => ({ leadId: deal.id, lostFromStatusId: null })));
      done += page.length;
      created += counts.reviewsCreated;
      await update({ done, total: done, created });
    }
    await handTasksToCollector(deps, accountId, backfillId);
    await update({ state: 'done', done, total: done, created });
  } catch (error) {
    // Earlier attempts keep the run "running" (the job retries); the last one makes the failure visible.
    if (isLastAttempt) await update({ state: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'failed' });
    throw error;
  }
}

/**
 * The backfill's reviews get their tasks from a collector job, not from the backfill itself: only
 * the collector that holds the account creates review tasks (./collector-hold.ts), and a backfill
 * creating them beside a running collector made the same task twice.
 */
async function handTasksToCollector(deps: RefusalDeps, accountId: AccountId, backfillId: number): Promise<void> {
  const now = new Date(deps.clock.now());
  await insertJobs(deps.db, [{
    accountId, type: COLLECT_JOB, payload: { backfillId }, idempotencyKey: `${COLLECT_JOB}:backfill:${backfillId}`, runAt: now,
  }], now);
}
