/**
 * Daily snapshots are what let past weeks show "deals without a task" at all (amoCRM keeps no
 * history of it): they are rows in the store, so they outlive a restart of the service.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import type { ChecklistResponse } from '../../src/contract/analytics';
import { createAnalyticsFeature } from '../../src/service/analytics/feature';
import { buildApp } from '../../src/service/app';
import { openStore, type Store } from '../../src/service/store/db';
import { buildEnv, signOneTimeToken } from '../support/service-harness';
import { ADMIN, startAnalyticsHarness, type AnalyticsHarness } from '../support/service-analytics';

const WEEK_MS = 7 * 86_400_000;
let dir: string | undefined;
let store: Store | undefined;
let h: AnalyticsHarness | undefined;
afterEach(async () => {
  await h?.close();
  await store?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  h = undefined; store = undefined; dir = undefined;
});

it('a week after a restart, the previous week reads the point-in-time numbers snapshotted before it [pglite on disk]', async () => {
  dir = await mkdtemp(join(tmpdir(), 'analytics-snapshots-'));
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  store = await openStore({ dataDir: dir });
  h = await startAnalyticsHarness(store, { now: () => t0, sandboxNow: t0 });
  await h.get(ADMIN, '/api/v1/analytics/status');
  await h.jobs.drain();
  const before = await h.get<ChecklistResponse>(ADMIN, '/api/v1/analytics/checklist?weeks=2');
  const accountId = h.accountId;
  const liveBefore = new Map(before.body.rows.map((r) => [r.userId, r.current]));
  expect([...liveBefore.values()].some((v) => (v.withoutTask ?? 0) + (v.openDeals ?? 0) > 0)).toBe(true);
  // The service stops (amoCRM, the sandbox, keeps running).
  await h.app.close();
  await store.close();

  // A new process, a week later, on the same data folder; no sync has run since.
  store = await openStore({ dataDir: dir });
  const later = t0 + WEEK_MS;
  const app = await buildApp({ env: buildEnv(), db: store.db, logger: pino({ level: 'silent' }), features: [createAnalyticsFeature()], clock: { now: () => later as EpochMs } });
  try {
    const token = await signOneTimeToken({ account_id: accountId as AccountId, user_id: ADMIN }, later);
    const response = await app.inject({ method: 'GET', url: '/api/v1/analytics/checklist?weeks=2', headers: { 'x-auth-token': token } });
    expect(response.statusCode).toBe(200);
    const after = response.json<ChecklistResponse>();
    expect(after.previousWeekStart).toBe(before.body.weekStart);
    for (const row of after.rows) {
      const snap = liveBefore.get(row.userId);
      if (snap === undefined) continue;
      expect([row.userId, row.previous.openDeals, row.previous.withoutTask, row.previous.withOverdueTask])
        .toEqual([row.userId, snap.openDeals, snap.withoutTask, snap.withOverdueTask]);
    }
    expect(after.rows.length).toBeGreaterThan(0);
  } finally {
    await app.close();
    await h.sandbox.close();
    h = undefined;
  }
});
