/**
 * Refusal-control service tests against the real sandbox: an app with the refusals feature and a
 * job runner over the test's store, the sandbox account connected with its long-lived token.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAmoClient, type AmoClient } from '../../src/amo/client';
import type { AmoPort } from '../../src/amo/port';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import type { AccountId, LeadId, LossReasonId, PipelineId, StatusId, UserId } from '../../src/core/brand';
import { STATUS_LOST } from '../../src/core/brand';
import type { AccountRecord } from '../../src/service/accounts/repository';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { buildApp } from '../../src/service/app';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import type { RefusalRuleConfig } from '../../src/service/config/sections/refusals';
import type { Feature } from '../../src/service/feature';
import { createJobRunner, type JobRunner } from '../../src/service/jobs/runner';
import { createRefusalsFeature } from '../../src/service/refusals/feature';
import type { Store } from '../../src/service/store/db';
import { startSandbox, type Sandbox, type SandboxOptions } from '../emulator/server';
import { authHeaders, buildEnv, signOneTimeToken } from './service-harness';

export const ADMIN = 9100001 as UserId;
export const HEAD = 9100002 as UserId;
export const MANAGER = 9100003 as UserId;
export const GROUP = 412001;
export const PIPELINE = 7480001;
export const REASON_EXPENSIVE = 3010001 as LossReasonId;

export interface RefusalHarness {
  sandbox: Sandbox;
  app: FastifyInstance;
  jobs: JobRunner;
  /** The sandbox as a person acting in amoCRM (not counted as the service's calls in tests that care). */
  amo: AmoClient;
  accountId: AccountId;
  headers(userId: number): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const reviewRule = (overrides: Partial<RefusalRuleConfig> = {}): RefusalRuleConfig => ({
  id: 'all-losses', name: 'Every loss', enabled: true, pipelineIds: [], lossReasonIds: [], includeDealsWithoutReason: true,
  minValue: null, managerIds: [], groupIds: [], samplingPercent: 100,
  groupReviewers: [{ groupId: GROUP, reviewerId: HEAD }], fallbackReviewerId: ADMIN, taskTypeId: 3012,
  due: { kind: 'within_working_hours', hours: 8 }, taskText: 'Проверить отказ: {deal} ({manager}, {reason}, {value})',
  ...overrides,
});

export async function startRefusalHarness(
  store: Store,
  options: {
    rules?: RefusalRuleConfig[]; wrapAmo?: (amo: AmoPort) => AmoPort;
    /** Connect with OAuth tokens the sandbox issues (they expire and refresh) instead of the long-lived token. */
    oauth?: boolean;
    /** With `oauth`: the lifetime of every access token the sandbox issues (its developer API). */
    tokenTtlSeconds?: number;
    /** The sandbox's clock and account zone. */
    sandbox?: Pick<SandboxOptions, 'now' | 'timezone'>;
    features?: Feature[];
    env?: Record<string, string>;
  } = {},
): Promise<RefusalHarness> {
  const sandbox = await startSandbox({ port: 0, scenario: 'small', seed: 1, now: Date.now(), ...options.sandbox });
  const accountId = sandbox.accountId as AccountId;
  const jobs = createJobRunner({ db: store.db, pollIntervalMs: 50 });
  // The feature is built before the app whose amoCRM clients it uses.
  const built: { app?: FastifyInstance } = {};
  const feature = createRefusalsFeature({
    collectDelayMs: 0,
    amoFor: (account: AccountRecord) => {
      const client = built.app?.accounts.amoClientFor(account);
      if (client === undefined) throw new Error('app not built');
      return options.wrapAmo?.(client) ?? client;
    },
  });
  const env = options.oauth === true
    ? buildEnv({ AMO_CLIENT_ID: sandbox.integration.client_id, AMO_CLIENT_SECRET: sandbox.integration.client_secret, AMO_REDIRECT_URI: sandbox.integration.redirect_uri, ...options.env })
    : buildEnv(options.env);
  const app = await buildApp({ env, db: store.db, logger: pino({ level: 'silent' }), features: [feature, ...(options.features ?? [])], jobs });
  built.app = app;
  const record = await upsertConnectedAccount(store.db, { id: accountId, subdomain: sandbox.subdomain, baseUrl: sandbox.url }, new Date());
  if (options.oauth === true) {
    if (options.tokenTtlSeconds !== undefined) {
      await fetch(`${sandbox.url}/_emulator/tokens/ttl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: options.tokenTtlSeconds }) });
    }
    const minted = await fetch(`${sandbox.url}/_emulator/oauth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { code } = (await minted.json()) as { code: string };
    await app.accounts.tokens.store(record.id, { kind: 'oauth', ...(await app.accounts.oauth.exchangeCode(sandbox.url, code)) });
  } else {
    await app.accounts.tokens.store(record.id, { kind: 'long_lived', accessToken: sandbox.longLivedToken });
  }
  const { config, version } = await loadConfig(store.db, accountId);
  await saveConfig(store.db, accountId, {
    baseVersion: version, by: ADMIN, at: new Date(),
    config: {
      ...config,
      heads: [{ groupId: GROUP, userIds: [HEAD] }],
      refusals: { ...config.refusals, rules: options.rules ?? [reviewRule()] },
    },
  });
  const amo = createAmoClient(createBearerTransport({ baseUrl: sandbox.url, tokens: staticToken(sandbox.longLivedToken) }));
  return {
    sandbox, app, jobs, amo, accountId,
    headers: async (userId) => (options.oauth === true
      // One-time tokens are signed with the integration's secret, here the sandbox's.
      ? { 'x-auth-token': await signOneTimeToken({ account_id: accountId, user_id: userId, secret: env.AMO_CLIENT_SECRET }) }
      : authHeaders(accountId, userId)),
    close: async () => { await app.close(); await sandbox.close(); },
  };
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
