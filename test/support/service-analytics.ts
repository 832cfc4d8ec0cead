/**
 * Analytics service tests against the real sandbox: an app with the analytics feature and a job
 * runner over the test's store, the sandbox account connected with its long-lived token, heads
 * configured for group 1 (HEAD) as in the refusal tests.
 */
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAmoClient, type AmoClient } from '../../src/amo/client';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import type { AccountId } from '../../src/core/brand';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { createAnalyticsFeature } from '../../src/service/analytics/feature';
import { buildApp } from '../../src/service/app';
import { loadConfig, saveConfig } from '../../src/service/config/repository';
import { createJobRunner, type JobRunner } from '../../src/service/jobs/runner';
import type { Store } from '../../src/service/store/db';
import { startSandbox, type Sandbox } from '../emulator/server';
import { buildEnv, signOneTimeToken } from './service-harness';
import { ADMIN, GROUP, HEAD } from './service-refusals';

export { ADMIN, GROUP, HEAD, MANAGER, PIPELINE } from './service-refusals';

export interface AnalyticsHarness {
  sandbox: Sandbox;
  app: FastifyInstance;
  jobs: JobRunner;
  amo: AmoClient;
  accountId: AccountId;
  headers(userId: number): Promise<Record<string, string>>;
  get<T>(userId: number, url: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startAnalyticsHarness(
  store: Store, options: { scenario?: 'small' | 'demo'; now?: () => number; sandboxNow?: number } = {},
): Promise<AnalyticsHarness> {
  const sandbox = await startSandbox({ port: 0, scenario: options.scenario ?? 'small', seed: 1, now: options.sandboxNow ?? Date.now() });
  const accountId = sandbox.accountId as AccountId;
  const jobs = createJobRunner({ db: store.db, pollIntervalMs: 50 });
  const app = await buildApp({
    env: buildEnv(), db: store.db, logger: pino({ level: 'silent' }), features: [createAnalyticsFeature()], jobs,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const record = await upsertConnectedAccount(store.db, { id: accountId, subdomain: sandbox.subdomain, baseUrl: sandbox.url }, new Date());
  await app.accounts.tokens.store(record.id, { kind: 'long_lived', accessToken: sandbox.longLivedToken });
  const { config, version } = await loadConfig(store.db, accountId);
  await saveConfig(store.db, accountId, { baseVersion: version, by: ADMIN, at: new Date(), config: { ...config, heads: [{ groupId: GROUP, userIds: [HEAD] }] } });
  const amo = createAmoClient(createBearerTransport({ baseUrl: sandbox.url, tokens: staticToken(sandbox.longLivedToken) }));
  // Signed at the app's time: a test that pins the clock must not see its own tokens as not yet valid.
  const clock = options.now ?? Date.now;
  const headers = async (userId: number) => ({ 'x-auth-token': await signOneTimeToken({ account_id: accountId, user_id: userId }, clock()) });
  return {
    sandbox, app, jobs, amo, accountId, headers,
    get: async <T>(userId: number, url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: await headers(userId) });
      return { status: response.statusCode, body: response.json<T>() };
    },
    close: async () => { await app.close(); await sandbox.close(); },
  };
}
