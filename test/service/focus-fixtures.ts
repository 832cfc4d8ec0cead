/** Shared by the focus service tests: an app on a fake clock with the focus feature, and calls. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { AccountId, EpochMs, UserId } from '../../src/core/brand';
import { saveConfig } from '../../src/service/config/repository';
import { accountConfigSchema, type AccountConfig } from '../../src/service/config/schema';
import { createFocusFeature, type FocusFeature } from '../../src/service/focus';
import { createJobRunner } from '../../src/service/jobs/runner';
import type { Database } from '../../src/service/store/schema';
import type { Kysely } from 'kysely';
import { buildTestApp, DEMO, signOneTimeToken, type FakeAccount } from './app-fixtures';

/** Tuesday 10 March 2026, 10:00 in Moscow (UTC+3, no DST). */
export const START = Date.UTC(2026, 2, 10, 7, 0);
export const MINUTE = 60_000;

export interface FocusHarness {
  app: FastifyInstance;
  feature: FocusFeature;
  clock: { now: number };
  call(userId: number, method: InjectOptions['method'], url: string, payload?: unknown, accountId?: number): Promise<LightMyRequestResponse>;
  saveFocusConfig(config: unknown, accountId?: number): Promise<AccountConfig>;
}

export async function buildFocusHarness(db: Kysely<Database>, accounts: FakeAccount[] = [DEMO]): Promise<FocusHarness> {
  const clock = { now: START };
  const feature = createFocusFeature({ sweepIntervalMs: 3_600_000 });
  const jobs = createJobRunner({ db, clock: { now: () => clock.now as EpochMs } });
  const { app } = await buildTestApp(db, accounts, { features: [feature], jobs, clock: { now: () => clock.now as EpochMs } });
  const versions = new Map<number, number>();
  return {
    app, feature, clock,
    async call(userId, method, url, payload, accountId = DEMO.id) {
      const token = await signOneTimeToken({ account_id: accountId, user_id: userId }, clock.now);
      return app.inject({
        method, url, headers: { 'x-auth-token': token },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    },
    async saveFocusConfig(input, accountId = DEMO.id) {
      const config = accountConfigSchema.parse(input);
      const baseVersion = versions.get(accountId) ?? 0;
      const result = await saveConfig(db, accountId as AccountId, { baseVersion, config, by: 1 as UserId, at: new Date(clock.now) });
      if (!result.ok) throw new Error('config save conflict');
      versions.set(accountId, result.stored.version);
      return config;
    },
  };
}
