/**
 * Sales-head analytics as a service feature (PRODUCT.md "Analytics for the sales head"): the
 * mirror's sync job (backfill, then a periodic incremental sync, see ./sync.ts), lead webhooks as
 * hints that bring the next sync forward (and deletions applied at once), and the read routes.
 */
import type { AccountId } from '../../core/brand';
import type { AmoPort } from '../../amo/port';
import { findAccount } from '../accounts/repository';
import { AccountNotConnectedError } from '../accounts/tokens';
import type { Feature, FeatureContext } from '../feature';
import { PermanentJobError } from '../jobs/types';
import { parseLeadEventJob } from '../webhooks/lead-event';
import { deleteLeads } from './mirror';
import { registerAnalyticsRoutes } from './routes';
import { ensureMirror, runSync, startBackfill, SYNC_JOB, type SyncDeps } from './sync';

export interface AnalyticsFeatureOptions {
  /** Replaces the account's amoCRM client (tests). */
  amoFor?: (accountId: AccountId) => Promise<AmoPort>;
}

/** A webhook brings the next sync this close (seconds of quiet let a burst of webhooks share one sync). */
const WEBHOOK_SYNC_DELAY_MS = 30_000;

export function createAnalyticsFeature(options: AnalyticsFeatureOptions = {}): Feature {
  return {
    name: 'analytics',
    register(ctx: FeatureContext) {
      const { jobs } = ctx;
      const deps: SyncDeps = {
        db: ctx.db,
        clock: ctx.clock,
        amoFor: options.amoFor ?? (async (accountId) => {
          const account = await findAccount(ctx.db, accountId);
          if (account === null || account.status !== 'connected') throw new AccountNotConnectedError(accountId);
          return ctx.accounts.amoClientFor(account);
        }),
        schedule: async (accountId, spec) => {
          if (jobs === null) return;
          await jobs.enqueue({ accountId, type: SYNC_JOB, payload: { generation: spec.generation }, idempotencyKey: `analytics:${spec.key}`, runAt: spec.runAt, maxAttempts: 8 });
        },
      };
      if (jobs !== null) {
        jobs.register(SYNC_JOB, async (job) => {
          const generation = (job.payload as { generation?: unknown } | null)?.generation;
          if (typeof generation !== 'number') throw new PermanentJobError('analytics sync job without a generation');
          try {
            await runSync(deps, job.accountId, generation);
          } catch (error) {
            if (job.attempt >= job.maxAttempts) {
              await ctx.db.updateTable('analytics_sync').set({ state: 'failed' })
                .where('account_id', '=', job.accountId).where('generation', '=', generation).where('state', '=', 'backfilling').execute();
            }
            throw error;
          }
        });
        const hint = async (accountId: AccountId): Promise<void> => {
          const row = await ctx.db.selectFrom('analytics_sync').select(['generation', 'state']).where('account_id', '=', accountId).executeTakeFirst();
          if (row?.state !== 'ready') return;
          const runAt = new Date(ctx.clock.now() + WEBHOOK_SYNC_DELAY_MS);
          await deps.schedule(accountId, { generation: row.generation, runAt, key: `hint:${row.generation}:${Math.floor(runAt.getTime() / WEBHOOK_SYNC_DELAY_MS)}` });
        };
        for (const event of ['amo.lead.add', 'amo.lead.update', 'amo.lead.status', 'amo.lead.responsible', 'amo.lead.restore']) {
          jobs.subscribe(event, 'analytics', async (job) => hint(job.accountId));
        }
        jobs.subscribe('amo.lead.delete', 'analytics', async (job) => {
          const lead = parseLeadEventJob(job.payload);
          if (lead === null) throw new PermanentJobError('delete webhook item without a lead id');
          // A deleted lead never shows in filter[updated_at] again: this is the only way it leaves the mirror.
          await deleteLeads(ctx.db, job.accountId, [lead.leadId]);
        });
      }
      ctx.authenticated((api) => registerAnalyticsRoutes(api, {
        db: ctx.db,
        directory: ctx.accounts.directory,
        clock: ctx.clock,
        ensureMirror: (accountId) => ensureMirror(deps, accountId),
        startBackfill: async (accountId) => { await startBackfill(deps, accountId); },
      }));
    },
  };
}

export const analyticsFeature: Feature = createAnalyticsFeature();
