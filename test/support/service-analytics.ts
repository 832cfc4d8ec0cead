/**
 * Analytics service tests against the real sandbox: an app with the analytics feature and a job
 * runner over the test's store, the sandbox account connected with its long-lived token, heads
 * configured for group 1 (HEAD) as in the refusal tests.
 */
import { createAnalyticsFeature } from '../../src/service/analytics/feature';
import type { Store } from '../../src/service/store/db';
import { startServiceHarness, type SandboxHarness } from './service-harness';
import { editConfig } from './service-refusals';

export { ADMIN, GROUP, HEAD, MANAGER, PIPELINE } from './service-refusals';

export interface AnalyticsHarness extends SandboxHarness {
  get<T>(userId: number, url: string): Promise<{ status: number; body: T }>;
}

/** The service harness over a sandbox account, with the analytics feature and HEAD heading GROUP. */
export async function startAnalyticsHarness(
  store: Store, options: { scenario?: 'small' | 'demo'; now?: () => number; sandboxNow?: number } = {},
): Promise<AnalyticsHarness> {
  const h = await startServiceHarness(store, {
    sandbox: { scenario: options.scenario ?? 'small', now: options.sandboxNow ?? Date.now() },
    features: [createAnalyticsFeature()],
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await editConfig(store, h.accountId);
  return {
    ...h,
    get: async <T>(userId: number, url: string) => {
      const response = await h.app.inject({ method: 'GET', url, headers: await h.headers(userId) });
      return { status: response.statusCode, body: response.json<T>() };
    },
  };
}
