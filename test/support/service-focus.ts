/** Shared by the focus service tests: an app on a fake clock with the focus feature, and calls. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AccountId, UserId } from '../../src/core/brand';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema } from '../../src/service/config/schema';
import { createFocusFeature, type FocusFeature } from '../../src/service/focus';
import type { Store } from '../../src/service/store/db';
import { DEMO, startServiceHarness, type FakeAccount } from './service-harness';
import { utc } from './time';
import type { AccountConfig } from '../../src/contract/config';

/** Tuesday 10 March 2026, 10:00 in Moscow (UTC+3, no DST). */
export const START: number = utc('2026-03-10T07:00:00Z');
export const MINUTE = 60_000;

export interface FocusHarness {
  app: FastifyInstance;
  feature: FocusFeature;
  clock: { now: number };
  call(userId: number, method: InjectOptions['method'], url: string, payload?: unknown, accountId?: number): Promise<LightMyRequestResponse>;
  saveFocusConfig(config: unknown, accountId?: number): Promise<AccountConfig>;
}

export async function buildFocusHarness(store: Store, accounts: FakeAccount[] = [DEMO]): Promise<FocusHarness> {
  const clock = { now: START };
  const feature = createFocusFeature({ sweepIntervalMs: 3_600_000 });
  const { app, headers } = await startServiceHarness(store, { accounts, features: [feature], jobs: true, jobsOnHarnessClock: true, now: () => clock.now });
  const versions = new Map<number, number>();
  return {
    app, feature, clock,
    async call(userId, method, url, payload, accountId = DEMO.id) {
      return app.inject({
        method, url, headers: await headers(userId, accountId),
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    },
    async saveFocusConfig(input, accountId = DEMO.id) {
      const config = accountConfigSchema.parse(input);
      const baseVersion = versions.get(accountId) ?? 0;
      const result = await saveConfig(store.db, accountId as AccountId, { baseVersion, config, by: 1 as UserId, at: new Date(clock.now) });
      if (!result.ok) throw new Error('config save conflict');
      versions.set(accountId, result.stored.version);
      return config;
    },
  };
}
