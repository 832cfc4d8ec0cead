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
import type { JobContext, JobHandler } from '../jobs/types';
import type { Database } from '../store/schema';
import type { AvailabilityLoader } from './availability';
import { DUPLICATE_TRIGGER_WINDOW_MS } from './engine';
import { parseDpPayload, parseLeadEventPayload } from './payloads';
import { findPool } from './pools';
import { addPending, pendingWindow, recentlyAssigned, type NewPending } from './repository';
import { asUserId, epochMsOf } from '../../core/brand';

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

/** What every trigger does with its lead: record it as pending, then make sure a batch is coming. */
async function addPendingLead(
  deps: Pick<TriggerDeps, 'jobs'>, db: Kysely<Database>, accountId: AccountId, lead: Omit<NewPending, 'arrivedAt'>, now: Date,
): Promise<void> {
  await addPending(db, accountId, [{ ...lead, arrivedAt: epochMsOf(now) }]);
  await scheduleBatch(deps, db, accountId, now);
}

export function dpTriggerHandler(deps: TriggerDeps): JobHandler {
  return async (job, ctx) => {
    const trigger = parseDpPayload(job.payload);
    if (trigger === null) {
      ctx.log.warn({ jobId: job.id }, 'amo.dp payload without a lead id: ignored');
      return;
    }
    if (!trigger.isLead) return;
    await addPendingLead(deps, ctx.db, job.accountId, { leadId: trigger.leadId, trigger: 'dp', expectedStatusId: trigger.statusId }, dateOf(ctx));
  };
}

/** add_lead / status_lead: only leads entering a stage some pool listens to become pending. */
export function leadStageTriggerHandler(deps: TriggerDeps): JobHandler {
  return async (job, ctx) => {
    const event = parseLeadEventPayload(job.payload);
    if (event === null || event.pipelineId === null || event.statusId === null) return;
    const { config } = await loadConfig(ctx.db, job.accountId);
    const pool = findPool(config.distribution, event.pipelineId);
    if (pool === undefined || !pool.triggers.webhookStatusIds.includes(event.statusId)) return;
    await addPendingLead(deps, ctx.db, job.accountId, { leadId: event.leadId, trigger: 'webhook', expectedStatusId: event.statusId }, dateOf(ctx));
  };
}

/**
 * responsible_lead, guard mode: a lead given to a manager in focus by anything but us goes back
 * through distribution. Our own writes come back here too; they name the manager we just chose.
 * A head's choice is not fought: a change made by a configured head stands (and a deal a head
 * returned to work is dropped by the batch, ./classify.ts).
 */
export function guardTriggerHandler(deps: TriggerDeps): JobHandler {
  return async (job, ctx) => {
    const event = parseLeadEventPayload(job.payload);
    if (event === null || event.pipelineId === null || event.responsibleUserId === null) return;
    const { config } = await loadConfig(ctx.db, job.accountId);
    const pool = findPool(config.distribution, event.pipelineId);
    if (pool === undefined || !pool.guard) return;
    if (event.modifiedUserId !== null && config.heads.some((head) => head.userIds.includes(event.modifiedUserId as number))) return;
    const now = dateOf(ctx);
    const recent = await recentlyAssigned(ctx.db, job.accountId, [event.leadId], new Date(now.getTime() - DUPLICATE_TRIGGER_WINDOW_MS));
    if (recent.get(event.leadId) === event.responsibleUserId) return;
    const zone = await accountTimeZone(config.general.timezone, () => deps.accountTimezone(job.accountId));
    const availability = await deps.availability(job.accountId, epochMsOf(now), zone);
    if (availability.get(asUserId(event.responsibleUserId))?.kind !== 'focus') return;
    await addPendingLead(deps, ctx.db, job.accountId, { leadId: event.leadId, trigger: 'guard', expectedStatusId: null }, now);
  };
}

/** Someone may be free again: a batch releases held leads where a participant is available. */
export function availabilityChangedHandler(deps: TriggerDeps): JobHandler {
  return async (job, ctx) => {
    await scheduleBatch(deps, ctx.db, job.accountId, dateOf(ctx));
  };
}
