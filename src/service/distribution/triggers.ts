/**
 * Job handlers that turn amoCRM events into pending leads, and the debounced batch job that
 * distributes them. A trigger only records the lead (one insert) and schedules a batch a few
 * hundred milliseconds out; the batch waits for a quiet moment (or at most MAX_WAIT_MS) so a burst
 * of 1,000 webhooks becomes one batch with reads and writes in bulk.
 */
import type { Kysely } from 'kysely';
import type { AccountId } from '../../core/brand';
import { accountTimeZone } from '../accounts/directory';
import { loadConfig } from '../config/repository';
import type { JobRunner } from '../jobs/runner';
import type { Job, JobContext, JobHandler } from '../jobs/types';
import type { Database } from '../store/schema';
import type { AvailabilityLoader } from './availability';
import { DUPLICATE_TRIGGER_WINDOW_MS } from './engine';
import { parseDpPayload, parseLeadEventPayload } from './payloads';
import { findPool } from './pools';
import { addPending, pendingWindow, recentlyAssigned, type NewPending } from './repository';
import { epochMsOf } from '../../core/brand';

export const BATCH_JOB = 'distribution.batch';
export const DEBOUNCE_MS = 300;
export const MAX_WAIT_MS = 3_000;

export interface TriggerDeps {
  readonly db: Kysely<Database>;
  readonly jobs: Pick<JobRunner, 'enqueue'>;
  readonly availability: AvailabilityLoader;
  /** The amoCRM account's own zone (null when amoCRM cannot be asked): the account-time rule's fallback. */
  readonly accountTimezone: (accountId: AccountId) => Promise<string | null>;
}

/** The job's clock as the Date the store's columns take. */
const dateOf = (ctx: JobContext): Date => new Date(ctx.clock.now());

/** One batch job per account and debounce slot: triggers in the same slot share it (idempotency key). */
export async function scheduleBatch(deps: Pick<TriggerDeps, 'jobs'>, db: Kysely<Database>, accountId: AccountId, at: Date): Promise<void> {
  const slot = Math.floor(at.getTime() / DEBOUNCE_MS) + 1;
  await deps.jobs.enqueue({
    accountId, type: BATCH_JOB, payload: { slot }, idempotencyKey: `${BATCH_JOB}:${slot}`, runAt: new Date(slot * DEBOUNCE_MS),
  }, db);
}

/** Still arriving (last one under DEBOUNCE_MS ago) and nobody has waited MAX_WAIT_MS yet: wait a little more. */
export async function shouldWaitForQuiet(db: Kysely<Database>, accountId: AccountId, now: Date): Promise<boolean> {
  const window = await pendingWindow(db, accountId, now);
  if (window === null) return false;
  return now.getTime() - window.newest.getTime() < DEBOUNCE_MS && now.getTime() - window.oldest.getTime() < MAX_WAIT_MS;
}

type PendingLeadInput = Omit<NewPending, 'arrivedAt'>;

/**
 * What every trigger does: `leadOf` reads the lead its job names, or null when the job is not one
 * for distribution; the lead is recorded as pending and a batch is made sure to come.
 */
function pendingLeadTrigger(deps: Pick<TriggerDeps, 'jobs'>, leadOf: (job: Job, ctx: JobContext, now: Date) => Promise<PendingLeadInput | null>): JobHandler {
  return async (job, ctx) => {
    const now = dateOf(ctx);
    const lead = await leadOf(job, ctx, now);
    if (lead === null) return;
    await addPending(ctx.db, job.accountId, [{ ...lead, arrivedAt: epochMsOf(now) }]);
    await scheduleBatch(deps, ctx.db, job.accountId, now);
  };
}

/** An `amo.lead.*` job's lead with the distribution settings and the pool of its pipeline (null: no event or no pool). */
async function leadEventWithPool(job: Job, ctx: JobContext) {
  const event = parseLeadEventPayload(job.payload);
  if (event === null || event.pipelineId === null) return null;
  const { config } = await loadConfig(ctx.db, job.accountId);
  const pool = findPool(config.distribution, event.pipelineId);
  return pool === undefined ? null : { event, config, pool };
}

export function dpTriggerHandler(deps: TriggerDeps): JobHandler {
  return pendingLeadTrigger(deps, async (job, ctx) => {
    const trigger = parseDpPayload(job.payload);
    if (trigger === null) {
      ctx.log.warn({ jobId: job.id }, 'amo.dp payload without a lead id: ignored');
      return null;
    }
    return trigger.isLead ? { leadId: trigger.leadId, trigger: 'dp', expectedStatusId: trigger.statusId } : null;
  });
}

/** add_lead / status_lead: only leads entering a stage some pool listens to become pending. */
export function leadStageTriggerHandler(deps: TriggerDeps): JobHandler {
  return pendingLeadTrigger(deps, async (job, ctx) => {
    const found = await leadEventWithPool(job, ctx);
    const statusId = found?.event.statusId ?? null;
    if (found === null || statusId === null || !found.pool.triggers.webhookStatusIds.includes(statusId)) return null;
    return { leadId: found.event.leadId, trigger: 'webhook', expectedStatusId: statusId };
  });
}

/**
 * responsible_lead, guard mode: a lead given to a manager in focus by anything but us goes back
 * through distribution. Our own writes come back here too; they name the manager we just chose.
 * A head's choice is not fought: a change made by a configured head stands (and a deal a head
 * returned to work is dropped by the batch, ./classify.ts).
 */
export function guardTriggerHandler(deps: TriggerDeps): JobHandler {
  return pendingLeadTrigger(deps, async (job, ctx, now) => {
    const found = await leadEventWithPool(job, ctx);
    if (found === null || !found.pool.guard) return null;
    const { event, config } = found;
    const { responsibleUserId, modifiedUserId } = event;
    if (responsibleUserId === null) return null;
    if (modifiedUserId !== null && config.heads.some((head) => head.userIds.includes(modifiedUserId))) return null;
    const recent = await recentlyAssigned(ctx.db, job.accountId, [event.leadId], new Date(now.getTime() - DUPLICATE_TRIGGER_WINDOW_MS));
    if (recent.get(event.leadId) === responsibleUserId) return null;
    const zone = await accountTimeZone(config.general.timezone, () => deps.accountTimezone(job.accountId));
    const availability = await deps.availability(job.accountId, epochMsOf(now), zone);
    if (availability.get(responsibleUserId)?.kind !== 'focus') return null;
    return { leadId: event.leadId, trigger: 'guard', expectedStatusId: null };
  });
}

/** Someone may be free again: a batch releases held leads where a participant is available. */
export function availabilityChangedHandler(deps: TriggerDeps): JobHandler {
  return async (job, ctx) => {
    await scheduleBatch(deps, ctx.db, job.accountId, dateOf(ctx));
  };
}
