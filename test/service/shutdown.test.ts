/**
 * The service's graceful shutdown: running jobs get SHUTDOWN_GRACE_MS to finish; one still running
 * then has its lease released, so the next start (or another instance) takes it at once instead
 * of after the lease ran out — and its effects still happen exactly once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { parseEnv } from '../../src/service/env';
import { startService, type RunningService } from '../../src/service/server';
import { forEachStore } from '../support/service-store';

const ACCOUNT = 31000001 as AccountId;
const JOB = 'test.shutdown';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => { resolve = done; });
  return { promise, resolve };
}

const jobRow = (service: RunningService, id: number) => service.store.db.selectFrom('jobs')
  .select(['status', 'attempts', 'locked_by', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

forEachStore('service shutdown', (fixture) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step(); });

  async function serviceEnv(graceMs: number): Promise<Record<string, string>> {
    const base: Record<string, string> = {
      PORT: '0', HOST: '127.0.0.1', PUBLIC_URL: 'http://127.0.0.1:1',
      AMO_CLIENT_ID: 'client', AMO_CLIENT_SECRET: 'secret', AMO_REDIRECT_URI: 'http://127.0.0.1:1/oauth/callback',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: String(graceMs),
    };
    const url = fixture.databaseUrl();
    if (url !== undefined) return { ...base, DATABASE_URL: url };
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shutdown-test-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    return { ...base, DATA_DIR: dataDir };
  }

  async function start(env: Record<string, string>): Promise<RunningService> {
    const service = await startService(parseEnv(env));
    cleanup.push(() => service.close());
    return service;
  }

  it('releases the lease of a job still running at the deadline, and the next start completes it exactly once', async () => {
    const env = await serviceEnv(300);
    const effects = { firstHalf: 0, secondHalf: 0, completions: 0 };

    const first = await start(env);
    const midRun = deferred();
    // Does its first half, then hangs and ignores the abort: the worst case a deadline must cover.
    first.jobs.register(JOB, async (_job, ctx) => {
      await ctx.runOnce('first-half', async () => { effects.firstHalf += 1; return true; });
      midRun.resolve();
      await new Promise(() => {});
    });
    const { id } = await first.jobs.enqueue({ accountId: ACCOUNT, type: JOB, payload: null });
    await midRun.promise;
    await first.close();

    const second = await start(env);
    // Released, not left to a lease that would keep it from everyone for over a minute.
    expect(await jobRow(second, id)).toMatchObject({ status: 'queued', locked_by: null, locked_until: null });
    second.jobs.register(JOB, async (_job, ctx) => {
      await ctx.runOnce('first-half', async () => { effects.firstHalf += 1; return true; });
      await ctx.runOnce('second-half', async () => { effects.secondHalf += 1; return true; });
      effects.completions += 1;
    });
    second.jobs.wake();
    const done = await waitFor(async () => {
      const row = await jobRow(second, id);
      return row.status === 'done' ? row : undefined;
    });
    expect(done).toMatchObject({ status: 'done', locked_by: null });
    expect(effects).toEqual({ firstHalf: 1, secondHalf: 1, completions: 1 });
  });

  it('lets a job that finishes within the grace period complete before closing the store', async () => {
    const env = await serviceEnv(10_000);
    const service = await start(env);
    const running = deferred();
    let finished = 0;
    service.jobs.register(JOB, async () => {
      running.resolve();
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished += 1;
    });
    const { id } = await service.jobs.enqueue({ accountId: ACCOUNT, type: JOB, payload: null });
    await running.promise;
    await service.close();
    expect(finished).toBe(1);

    const again = await start(env);
    expect(await jobRow(again, id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('stops taking requests at once when closing', async () => {
    const service = await start(await serviceEnv(10_000));
    const running = deferred();
    const release = deferred();
    service.jobs.register(JOB, async () => { running.resolve(); await release.promise; });
    await service.jobs.enqueue({ accountId: ACCOUNT, type: JOB, payload: null });
    await running.promise;
    const closing = service.close();
    // A job still runs, yet the listening socket is already closed.
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    release.resolve();
    await closing;
  });
});
