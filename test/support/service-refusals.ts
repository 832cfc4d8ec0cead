/**
 * Refusal-control service tests against the real sandbox: an app with the refusals feature and a
 * job runner over the test's store, the sandbox account connected with its long-lived token.
 */
import { sql } from 'kysely';
import type { AmoPort } from '../../src/amo/port';
import type { AccountId, LeadId, LossReasonId, PipelineId, StatusId, UserId } from '../../src/core/brand';
import { STATUS_LOST } from '../../src/core/brand';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import type { Feature } from '../../src/service/feature';
import { createRefusalsFeature } from '../../src/service/refusals/feature';
import type { Store } from '../../src/service/store/db';
import { startServiceHarness, type HarnessOptions, type SandboxConnection, type SandboxHarness } from './service-harness';
import type { AccountConfig, RefusalRuleConfig } from '../../src/contract/config';

export const ADMIN = 9100001 as UserId;
export const HEAD = 9100002 as UserId;
export const MANAGER = 9100003 as UserId;
export const GROUP = 412001;
export const PIPELINE = 7480001;
export const REASON_EXPENSIVE = 3010001 as LossReasonId;

export type RefusalHarness = SandboxHarness;

export const reviewRule = (overrides: Partial<RefusalRuleConfig> = {}): RefusalRuleConfig => ({
  id: 'all-losses', name: 'Every loss', enabled: true, pipelineIds: [], lossReasonIds: [], includeDealsWithoutReason: true,
  minValue: null, managerIds: [], groupIds: [], samplingPercent: 100,
  groupReviewers: [{ groupId: GROUP, reviewerId: HEAD }], fallbackReviewerId: ADMIN, taskTypeId: 3012,
  due: { kind: 'within_working_hours', hours: 8 }, taskText: 'Проверить отказ: {deal} ({manager}, {reason}, {value})',
  ...overrides,
});

/** The service harness over the sandbox's `small` account, with the refusals feature, heads and rules. */
export async function startRefusalHarness(
  store: Store,
  options: {
    rules?: RefusalRuleConfig[]; wrapAmo?: (amo: AmoPort) => AmoPort;
    /** Connect with OAuth tokens the sandbox issues (they expire and refresh) instead of the long-lived token. */
    oauth?: boolean;
    /** With `oauth`: the lifetime of every access token the sandbox issues (its developer API). */
    tokenTtlSeconds?: number;
    /** The sandbox's clock and account zone. */
    sandbox?: Pick<SandboxConnection, 'now' | 'timezone'>;
    features?: Feature[];
    env?: Record<string, string>;
    jobTimeouts?: HarnessOptions['jobTimeouts'];
  } = {},
): Promise<RefusalHarness> {
  const h = await startServiceHarness(store, {
    sandbox: {
      ...options.sandbox,
      ...(options.oauth === undefined ? {} : { oauth: options.oauth }),
      ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
    },
    // The feature is built before the app whose amoCRM clients it uses.
    features: (app) => [
      createRefusalsFeature({
        collectDelayMs: 0,
        amoFor: (account) => {
          const client = app().accounts.amoClientFor(account);
          return options.wrapAmo?.(client) ?? client;
        },
      }),
      ...(options.features ?? []),
    ],
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.jobTimeouts === undefined ? {} : { jobTimeouts: options.jobTimeouts }),
  });
  await editConfig(store, h.accountId, (config) => ({ ...config, refusals: { ...config.refusals, rules: options.rules ?? [reviewRule()] } }));
  return h;
}

/** Saves the account's configuration with HEAD heading GROUP, edited further by `edit`. */
export async function editConfig(store: Store, accountId: AccountId, edit: (config: AccountConfig) => AccountConfig = (config) => config): Promise<void> {
  const { config, version } = await loadConfig(store.db, accountId);
  await saveConfig(store.db, accountId, { baseVersion: version, by: ADMIN, at: new Date(), config: edit({ ...config, heads: [{ groupId: GROUP, userIds: [HEAD] }] }) });
}

/** An open deal of the manager, for a test to lose. */
export async function openDealOf(h: RefusalHarness, responsible: UserId, skip = 0): Promise<{ id: LeadId; statusId: StatusId; price: number }> {
  const deals = await h.amo.listLeads({ responsibleUserIds: [responsible], pipelineIds: [PIPELINE as PipelineId] });
  const open = deals.filter((d) => d.statusId !== STATUS_LOST && d.statusId !== 142 && d.statusId !== 61720001);
  const deal = open[skip];
  if (deal === undefined) throw new Error(`no open deal #${skip} of ${responsible}`);
  return { id: deal.id, statusId: deal.statusId, price: deal.price };
}

/** What amoCRM's status webhook would make of a move (one job per item, as src/service/webhooks does). */
export async function deliverStatusWebhook(h: RefusalHarness, leadId: LeadId, statusId: number, oldStatusId: number): Promise<void> {
  // One job per subscriber of the event, as the webhook inbox fans it out.
  for (const type of h.jobs.jobTypesFor('amo.lead.status')) {
    await h.jobs.enqueue({
      accountId: h.accountId, type,
      payload: { event: 'status_lead', inboxId: 0, item: { id: String(leadId), status_id: String(statusId), old_status_id: String(oldStatusId), pipeline_id: String(PIPELINE) } },
    });
  }
}

export async function loseDeal(h: RefusalHarness, leadId: LeadId, reason: LossReasonId | null): Promise<void> {
  await h.amo.updateLeads([{ id: leadId, statusId: STATUS_LOST, lossReasonId: reason }]);
}

/** What a manager closing a deal as lost sets off: the move in amoCRM, its status webhook, the jobs. */
export async function loseAndProcess(h: RefusalHarness, deal: { id: LeadId; statusId: StatusId | number }, reason: LossReasonId | null): Promise<void> {
  await loseDeal(h, deal.id, reason);
  await deliverStatusWebhook(h, deal.id, STATUS_LOST, deal.statusId);
  await h.jobs.drain();
}

export async function tasksOfLead(h: RefusalHarness, leadId: LeadId) {
  return h.amo.listTasks({ leadIds: [leadId] });
}

/**
 * Makes the queued jobs (failed attempts waiting out their back-off) due and runs them. Due a second
 * back, not at `now()`: the runner compares run_at with its own millisecond clock, while the
 * server's now() has microseconds — a claim within the same millisecond would find nothing due.
 */
export async function runRetriesNow(h: RefusalHarness, store: Store): Promise<void> {
  await sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE status = 'queued'`.execute(store.db);
  await h.jobs.drain();
}
