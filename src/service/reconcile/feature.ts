/**
 * The webhook reconciler as a service feature (./run.ts): a `reconcile.account` job per connected
 * account when the service starts and every `intervalMs` after (one job per account and slot, so
 * several service instances do not double the work), and the admins' status route.
 */
import type { AccountId } from '../../core/brand';
import { requireAdmin } from '../auth/access';
import { authOf } from '../auth/authenticate';
import { findAccount } from '../accounts/repository';
import type { Feature, FeatureContext } from '../feature';
import { PermanentJobError } from '../jobs/types';
import { createInboxWriter } from '../webhooks/inbox';
import type { ReconcileStatusResponse } from '../../contract/reconcile';
import { reconcileAccount, type ReconcileDeps, type ReconcileReason } from './run';
import { asAccountId } from '../../core/brand';

export const RECONCILE_JOB = 'reconcile.account';
const DEFAULT_RECONCILE_INTERVAL_MS = 60_000;

export interface ReconcileFeatureOptions {
  /** How often every account is checked (default 60 s). */
  intervalMs?: number;
  /** Run once per account when the app becomes ready (default true). */
  runAtStart?: boolean;
}

const REASONS: readonly ReconcileReason[] = ['start', 'periodic', 'manual'];

export function createReconcileFeature(options: ReconcileFeatureOptions = {}): Feature {
  const intervalMs = options.intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS;
  return {
    name: 'reconcile',
    register(ctx: FeatureContext) {
      ctx.authenticated((api) => {
        api.get('/api/v1/reconcile/status', async (request): Promise<ReconcileStatusResponse> => {
          const auth = authOf(request);
          await requireAdmin(auth, ctx.db, ctx.accounts.directory);
          return readStatus(ctx, auth.account.id);
        });
      });
      const { jobs } = ctx;
      if (jobs === null) return;
      const deps: ReconcileDeps = {
        db: ctx.db,
        amoFor: (account) => ctx.accounts.amoClientFor(account),
        inbox: createInboxWriter({ db: ctx.db, clock: ctx.clock, onJobsCommitted: () => jobs.wake() }),
        jobTypesFor: (type) => jobs.jobTypesFor(type),
        publicUrl: ctx.accounts.connection.publicUrl,
        clock: ctx.clock,
        metrics: ctx.app.metrics,
        log: ctx.log.child({ feature: 'reconcile' }),
      };
      jobs.register(RECONCILE_JOB, async (job) => {
        const reason = (job.payload as { reason?: unknown } | null)?.reason;
        if (typeof reason !== 'string' || !(REASONS as readonly string[]).includes(reason)) throw new PermanentJobError('reconcile job without a reason');
        const account = await findAccount(ctx.db, job.accountId);
        if (account === null || account.status !== 'connected') return;
        await reconcileAccount(deps, account, reason as ReconcileReason);
      });

      const startedAt = ctx.clock.now();
      const enqueueAll = async (reason: ReconcileReason, key: string): Promise<void> => {
        const accounts = await ctx.db.selectFrom('accounts').select('id').where('status', '=', 'connected').execute();
        for (const { id } of accounts) {
          await jobs.enqueue({ accountId: asAccountId(Number(id)), type: RECONCILE_JOB, payload: { reason }, idempotencyKey: `${RECONCILE_JOB}:${key}`, maxAttempts: 3 });
        }
      };
      const onError = (error: unknown) => ctx.log.error({ err: error }, 'reconcile scheduling failed');
      if (options.runAtStart !== false) ctx.app.addHook('onReady', async () => { await enqueueAll('start', `start:${startedAt}`).catch(onError); });
      const timer = setInterval(() => {
        void enqueueAll('periodic', `periodic:${Math.floor(ctx.clock.now() / intervalMs)}`).catch(onError);
      }, intervalMs);
      timer.unref();
      ctx.app.addHook('onClose', async () => clearInterval(timer));
    },
  };
}

async function readStatus(ctx: FeatureContext, accountId: AccountId): Promise<ReconcileStatusResponse> {
  const row = await ctx.db.selectFrom('webhook_reconcile').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  if (row === undefined) {
    return { known: false, subscription: null, alarm: false, checkedAt: null, lastProblem: null, resubscriptions: 0, caughtUpEvents: 0, lastCatchUpAt: null, checkpoint: null, error: null };
  }
  return {
    known: true,
    subscription: row.subscription,
    alarm: row.subscription !== 'ok',
    checkedAt: row.checked_at.getTime(),
    lastProblem: row.problem === null || row.problem_at === null ? null : { kind: row.problem, at: row.problem_at.getTime() },
    resubscriptions: row.resubscriptions,
    caughtUpEvents: row.caught_up,
    lastCatchUpAt: row.last_catch_up_at?.getTime() ?? null,
    checkpoint: Number(row.checkpoint),
    error: row.error,
  };
}

export const reconcileFeature: Feature = createReconcileFeature();
