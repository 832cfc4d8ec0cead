/**
 * Refusal control on the service (PRODUCT.md "Refusal control"): webhook jobs → pending losses →
 * the collector creates reviews and their tasks; heads decide through ./routes.ts; won, lost again
 * and deleted deals are followed from webhooks. See ./README.md.
 */
import { insertJobs } from '../jobs/queue';
import { PermanentJobError, type Job, type JobHandler, type JsonValue } from '../jobs/types';
import type { AccountId, LeadId } from '../../core/brand';
import { STATUS_LOST, STATUS_WON } from '../../core/brand';
import type { AmoPort } from '../../amo/port';
import type { AccountRecord } from '../accounts/repository';
import type { Feature, FeatureContext } from '../feature';
import { parseLeadEventJob } from '../webhooks/lead-event';
import { BACKFILL_JOB, runBackfill } from './backfill';
import { collectLosses } from './collect';
import { holdCollector, releaseCollector } from './collector-hold';
import type { RefusalDeps } from './context';
import { COLLECT_JOB, deferWhileLossesArrive, recordLosses } from './intake';
import { followDeletion, followWin } from './lifecycle';
import { registerRefusalRoutes } from './routes';
import { asAccountId } from '../../core/brand';

export interface RefusalsFeatureOptions {
  /** Replaces the account's amoCRM client (tests wrap it to simulate failures). */
  amoFor?: (account: AccountRecord) => AmoPort;
  /** Quiet time before webhook-seen losses are looked up together (default 1.5 s). */
  collectDelayMs?: number;
}

const DEFAULT_COLLECT_DELAY_MS = 1_500;

export function createRefusalsFeature(options: RefusalsFeatureOptions = {}): Feature {
  return {
    name: 'refusals',
    register(ctx: FeatureContext) {
      const deps: RefusalDeps = {
        db: ctx.db,
        amoFor: options.amoFor ?? ((account) => ctx.accounts.amoClientFor(account)),
        directory: (accountId) => ctx.accounts.directory.get(accountId),
        clock: ctx.clock,
        log: ctx.log.child({ feature: 'refusals' }),
        collectDelayMs: options.collectDelayMs ?? DEFAULT_COLLECT_DELAY_MS,
      };
      const { jobs } = ctx;
      if (jobs !== null) registerJobs(deps, ctx, jobs);
      ctx.authenticated((api) => registerRefusalRoutes(api, deps, {
        directory: ctx.accounts.directory,
        enqueueBackfill: async (accountId, backfillId) => {
          if (jobs === null) throw new Error('no job runner: backfill cannot run');
          await jobs.enqueue({ accountId: asAccountId(accountId), type: BACKFILL_JOB, payload: { backfillId }, maxAttempts: 5 });
        },
      }));
    },
  };
}

function registerJobs(deps: RefusalDeps, ctx: FeatureContext, jobs: NonNullable<FeatureContext['jobs']>): void {
  const onStatus: JobHandler = async (job) => {
    const lead = parseLeadEventJob(job.payload);
    if (lead === null) throw new PermanentJobError('status webhook item without a lead id');
    if (lead.statusId === STATUS_LOST && lead.oldStatusId !== STATUS_LOST) {
      // The same loss seen again (by webhook and by the reconciler's catch-up): already reviewed, nothing to look up.
      if (lead.lastModified !== null && await isReviewedSince(deps, job.accountId, lead.leadId, lead.lastModified)) return;
      await recordLosses(deps.db, job.accountId, [{ leadId: lead.leadId, lostFromStatusId: lead.oldStatusId }], new Date(deps.clock.now()), deps.collectDelayMs);
    } else if (lead.statusId === STATUS_WON) {
      await followWin(deps, job.accountId, lead.leadId);
    }
  };
  const onDelete: JobHandler = async (job) => {
    const lead = parseLeadEventJob(job.payload);
    if (lead === null) throw new PermanentJobError('delete webhook item without a lead id');
    await followDeletion(deps, job.accountId, lead.leadId);
  };
  // Distribution listens to status changes too: each feature subscribes with its own job.
  jobs.subscribe('amo.lead.status', 'refusals', onStatus);
  jobs.subscribe('amo.lead.delete', 'refusals', onDelete);
  jobs.register(COLLECT_JOB, async (job, { signal }) => {
    if (await deferWhileLossesArrive(deps.db, job.accountId, job, new Date(deps.clock.now()), deps.collectDelayMs)) return;
    if (await deferBehindRunningCollector(deps, job)) return;
    try {
      const result = await collectLosses(deps, job.accountId, signal);
      ctx.log.info({ accountId: job.accountId, ...result }, 'refusal losses collected');
    } finally {
      await releaseCollector(deps.db, job.accountId, job);
    }
  });
  jobs.register(BACKFILL_JOB, async (job) => {
    const backfillId = (job.payload as { backfillId?: unknown } | null)?.backfillId;
    if (typeof backfillId !== 'number') throw new PermanentJobError('backfill job without an id');
    await runBackfill(deps, job.accountId, backfillId, job.attempt >= job.maxAttempts);
  });
}

/** A review exists for a loss of this lead at or after `at` (unix seconds, one second of slack). */
async function isReviewedSince(deps: RefusalDeps, accountId: AccountId, leadId: LeadId, at: number): Promise<boolean> {
  const row = await deps.db.selectFrom('refusal_reviews').select('id')
    .where('account_id', '=', accountId).where('lead_id', '=', leadId).where('lost_at', '>=', at - 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * One collector at a time per account (./collector-hold.ts says why a hold, not a look at the
 * running jobs): while another attempt holds the account, this job tries again a second later and
 * then finds whatever the other one left.
 */
async function deferBehindRunningCollector(deps: RefusalDeps, job: Job): Promise<boolean> {
  const now = new Date(deps.clock.now());
  if (await holdCollector(deps.db, job.accountId, job, now)) return false;
  await insertJobs(deps.db, [{
    accountId: job.accountId, type: COLLECT_JOB, payload: job.payload as JsonValue,
    idempotencyKey: `${COLLECT_JOB}:behind:${job.id}`, runAt: new Date(now.getTime() + COLLECTOR_RETRY_MS),
  }], now);
  return true;
}

const COLLECTOR_RETRY_MS = 1_000;

export const refusalsFeature: Feature = createRefusalsFeature();
