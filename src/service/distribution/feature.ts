/**
 * Lead distribution as a service feature: job handlers for the triggers (Digital Pipeline action,
 * optional stage webhooks, guard mode, "availability changed"), the debounced batch job, a
 * periodic tick that gives held leads and unfinished writes another chance, and the head/admin
 * reads. See ./engine.ts for what a batch does.
 */
import type { Kysely } from 'kysely';
import type { AccountId } from '../../core/brand';
import { loadAccountTimezone } from '../accounts/directory';
import { findAccount } from '../accounts/repository';
import type { Feature, FeatureContext } from '../feature';
import { loadAvailability } from '../focus/availability';
import { AVAILABILITY_CHANGED_JOB } from '../focus/runtime';
import type { JobRunner } from '../jobs/runner';
import type { JobHandler } from '../jobs/types';
import type { Database } from '../store/schema';
import type { AvailabilityLoader } from './availability';
import { runBatch, type EngineDeps } from './engine';
import { registerDistributionRoutes } from './routes';
import {
  availabilityChangedHandler, BATCH_JOB, dpTriggerHandler, guardTriggerHandler, leadStageTriggerHandler, scheduleBatch,
  shouldWaitForQuiet, type TriggerDeps,
} from './triggers';
import { asAccountId } from '../../core/brand';

const TICK_MS = 60_000;

/** Accounts with something to finish: held leads, pending leads, decisions amoCRM has not seen. */
async function accountsNeedingABatch(db: Kysely<Database>, now: Date): Promise<AccountId[]> {
  const [held, pending, unapplied] = await Promise.all([
    db.selectFrom('distribution_held').select('account_id').distinct().execute(),
    db.selectFrom('distribution_pending').select('account_id').distinct()
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)])).execute(),
    db.selectFrom('distribution_decisions').select('account_id').distinct()
      .where('kind', '=', 'assigned').where('applied_at', 'is', null).execute(),
  ]);
  return [...new Set([...held, ...pending, ...unapplied].map((row) => asAccountId(Number(row.account_id))))];
}

/** Webhook events (`amo.*`) are shared with other features: subscribe. Our own job types: register. */
function register(type: string, handler: JobHandler, jobs: JobRunner, _ctx: FeatureContext): void {
  if (type.startsWith('amo.')) jobs.subscribe(type, 'distribution', handler);
  else jobs.register(type, handler);
}

function registerDistribution(ctx: FeatureContext): void {
  const { db, accounts } = ctx;
  ctx.authenticated((api) => registerDistributionRoutes(api, db, accounts));
  const { jobs } = ctx;
  if (jobs === null) return;

  const availability: AvailabilityLoader = (accountId, now, timezone) => loadAvailability(db, accountId, now, accounts.directory, timezone);
  const triggerDeps: TriggerDeps = { db, jobs, availability, accountTimezone: (accountId) => loadAccountTimezone(accounts.directory, accountId, ctx.log) };

  register('amo.dp', dpTriggerHandler(triggerDeps), jobs, ctx);
  register('amo.lead.add', leadStageTriggerHandler(triggerDeps), jobs, ctx);
  register('amo.lead.status', leadStageTriggerHandler(triggerDeps), jobs, ctx);
  register('amo.lead.responsible', guardTriggerHandler(triggerDeps), jobs, ctx);
  register(AVAILABILITY_CHANGED_JOB, availabilityChangedHandler(triggerDeps), jobs, ctx);
  register(BATCH_JOB, async (job, jobCtx) => {
    if (await shouldWaitForQuiet(jobCtx.db, job.accountId, new Date(jobCtx.clock.now()))) {
      await scheduleBatch(triggerDeps, jobCtx.db, job.accountId, new Date(jobCtx.clock.now()));
      return;
    }
    const account = await findAccount(db, job.accountId);
    if (account === null || account.status !== 'connected') return;
    const deps: EngineDeps = {
      db: jobCtx.db, amo: accounts.amoClientFor(account), availability, accountTimezone: () => loadAccountTimezone(accounts.directory, account.id, jobCtx.log),
      clock: jobCtx.clock, log: jobCtx.log, signal: jobCtx.signal,
    };
    await runBatch(deps, job.accountId, `job-${job.id}`);
  }, jobs, ctx);

  const timer = setInterval(() => {
    const now = new Date(ctx.clock.now());
    accountsNeedingABatch(db, now)
      .then((ids) => Promise.all(ids.map((accountId) => scheduleBatch(triggerDeps, db, accountId, now))))
      .catch((error: unknown) => ctx.log.error({ err: error }, 'distribution tick failed'));
  }, TICK_MS);
  timer.unref();
  ctx.app.addHook('onClose', async () => clearInterval(timer));
}

export const distributionFeature: Feature = { name: 'distribution', register: registerDistribution };

