import { expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import type { Clock } from '../../src/core/time/clock';
import { claimJobs, LEASE_EXPIRED_ON_LAST_ATTEMPT } from '../../src/service/jobs/queue';
import { createJobRunner, type JobRunnerOptions } from '../../src/service/jobs/runner';
import { PermanentJobError, type Job } from '../../src/service/jobs/types';
import type { Store } from '../../src/service/store/db';
import { forEachStore } from '../support/service-store';

const ACCOUNT = 31000001 as AccountId;
const OTHER_ACCOUNT = 31000002 as AccountId;

function fakeClock(start = Date.UTC(2026, 0, 5, 9)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now as EpochMs, advance: (ms: number) => { now += ms; } };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => { resolve = done; });
  return { promise, resolve };
}

const jobsOf = (store: Store) => store.db.selectFrom('jobs')
  .select(['id', 'status', 'attempts', 'last_error', 'run_at'])
  .where('account_id', '=', ACCOUNT).orderBy('id').execute();

forEachStore('job runner', (fixture) => {
  const runner = (overrides: Partial<JobRunnerOptions> = {}) =>
    createJobRunner({ db: fixture.store().db, pollIntervalMs: 20, ...overrides });

  it('runs an enqueued job once and marks it done', async () => {
    const jobs = runner();
    const seen: Job[] = [];
    jobs.register('test.echo', async (job) => { seen.push(job); });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.echo', payload: { leadId: 5 } });

    expect(await jobs.drain()).toBe(1);
    expect(await jobs.drain()).toBe(0);
    expect(seen).toMatchObject([{ accountId: ACCOUNT, type: 'test.echo', payload: { leadId: 5 }, attempt: 1 }]);
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'done', attempts: 1, last_error: null }]);
  });

  it('creates one job per idempotency key and account', async () => {
    const jobs = runner();
    const first = await jobs.enqueue({ accountId: ACCOUNT, type: 't', payload: 1, idempotencyKey: 'lead:5' });
    const again = await jobs.enqueue({ accountId: ACCOUNT, type: 't', payload: 2, idempotencyKey: 'lead:5' });
    const elsewhere = await jobs.enqueue({ accountId: OTHER_ACCOUNT, type: 't', payload: 3, idempotencyKey: 'lead:5' });

    expect(again).toEqual({ id: first.id, created: false });
    expect(elsewhere.created).toBe(true);
    expect(await jobsOf(fixture.store())).toHaveLength(1);
  });

  it('retries with exponential back-off and keeps the last error as the failure reason', async () => {
    const clock = fakeClock();
    const jobs = runner({ clock, backoff: { baseMs: 1_000, maxMs: 60_000 } });
    let calls = 0;
    jobs.register('test.flaky', async () => { calls += 1; throw new Error(`amoCRM answered 503 (call ${calls})`); });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.flaky', payload: null, maxAttempts: 3 });

    expect(await jobs.drain()).toBe(1);
    const [afterFirst] = await jobsOf(fixture.store());
    expect(afterFirst).toMatchObject({ status: 'queued', attempts: 1, last_error: 'amoCRM answered 503 (call 1)' });
    expect(afterFirst?.run_at.getTime()).toBe(clock.now() + 1_000);

    clock.advance(999);
    expect(await jobs.drain()).toBe(0);
    clock.advance(1);
    expect(await jobs.drain()).toBe(1);
    const [afterSecond] = await jobsOf(fixture.store());
    expect(afterSecond?.run_at.getTime()).toBe(clock.now() + 2_000);

    clock.advance(2_000);
    expect(await jobs.drain()).toBe(1);
    clock.advance(3_600_000);
    expect(await jobs.drain()).toBe(0);
    expect(calls).toBe(3);
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'failed', attempts: 3, last_error: 'amoCRM answered 503 (call 3)' }]);
  });

  it('fails at once on a PermanentJobError', async () => {
    const jobs = runner();
    jobs.register('test.invalid', async () => { throw new PermanentJobError('payload has no lead id'); });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.invalid', payload: {}, maxAttempts: 5 });
    await jobs.drain();
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'PermanentJobError: payload has no lead id' }]);
  });

  it('gives a crashed worker\'s job to another worker once its lease expires', async () => {
    const clock = fakeClock();
    const { db } = fixture.store();
    const jobs = runner({ clock, timeoutMs: 1_000, leaseMs: 2_000 });
    const attempts: number[] = [];
    jobs.register('test.lease', async (job) => { attempts.push(job.attempt); });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.lease', payload: null });
    // A worker claims the job and dies without settling it.
    expect(await claimJobs(db, { workerId: 'crashed', types: ['test.lease'], limit: 5, now: new Date(clock.now()), leaseMs: 2_000 })).toHaveLength(1);

    expect(await jobs.drain()).toBe(0);
    clock.advance(2_001);
    expect(await jobs.drain()).toBe(1);
    expect(attempts).toEqual([2]);
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it('fails a job whose lease expired on its last attempt, with the reason', async () => {
    const clock = fakeClock();
    const { db } = fixture.store();
    const jobs = runner({ clock });
    jobs.register('test.lease', async () => {});
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.lease', payload: null, maxAttempts: 1 });
    await claimJobs(db, { workerId: 'crashed', types: ['test.lease'], limit: 1, now: new Date(clock.now()), leaseMs: 1_000 });
    clock.advance(1_001);
    expect(await jobs.drain()).toBe(0);
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'failed', attempts: 1, last_error: LEASE_EXPIRED_ON_LAST_ATTEMPT }]);
  });

  it('aborts an attempt that outlives its timeout and counts it as failed', async () => {
    const jobs = runner({ timeoutMs: 50, leaseMs: 5_000 });
    let aborted = false;
    jobs.register('test.hang', (_job, ctx) => new Promise<void>(() => {
      ctx.signal.addEventListener('abort', () => { aborted = true; });
    }));
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.hang', payload: null, maxAttempts: 1 });
    await jobs.drain();
    expect(aborted).toBe(true);
    expect(await jobsOf(fixture.store())).toMatchObject([{ status: 'failed', last_error: 'JobTimeoutError: timed out after 50 ms' }]);
  });

  it('wakes up on an in-process enqueue instead of waiting for the next poll', async () => {
    const jobs = runner({ pollIntervalMs: 60_000 });
    const ran = deferred();
    jobs.register('test.wake', async () => ran.resolve());
    jobs.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the loop is now asleep for a minute
      await jobs.enqueue({ accountId: ACCOUNT, type: 'test.wake', payload: null });
      await expect(Promise.race([ran.promise.then(() => 'ran'), new Promise((resolve) => setTimeout(resolve, 5_000, 'slept'))])).resolves.toBe('ran');
    } finally {
      await jobs.stop();
    }
  });

  it('stops claiming on stop() and waits for running attempts to finish', async () => {
    const jobs = runner({ concurrency: 1 });
    const started = deferred();
    const release = deferred();
    jobs.register('test.slow', async () => { started.resolve(); await release.promise; });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.slow', payload: 1 });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.slow', payload: 2 });
    jobs.start();
    await started.promise;
    let stopped = false;
    const stopping = jobs.stop().then(() => { stopped = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect((await jobsOf(fixture.store())).map((job) => job.status)).toEqual(['done', 'queued']);
  });

  it('never runs a job twice when two instances share the store', async () => {
    const sibling = await fixture.openSibling();
    const runs = new Map<number, number>();
    const handler = async (job: Job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const first = createJobRunner({ db: fixture.store().db, concurrency: 4, pollIntervalMs: 5 });
    const second = createJobRunner({ db: sibling.db, concurrency: 4, pollIntervalMs: 5 });
    first.register('test.once', handler);
    second.register('test.once', handler);
    const total = 300;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => first.enqueue({ accountId: ACCOUNT, type: 'test.once', payload: i + k })));
    }
    first.start();
    second.start();
    const deadline = Date.now() + 30_000;
    while (runs.size < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([first.stop(), second.stop()]);

    expect(runs.size).toBe(total);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const done = await fixture.store().db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', ACCOUNT).where('status', '=', 'done').executeTakeFirstOrThrow();
    expect(Number(done.n)).toBe(total);
  });

  it('under a burst that never pauses, runs one job at a time every maxYieldMs, so jobs progress without holding the store for a round', async () => {
    const clock = fakeClock();
    const jobs = runner({ clock, concurrency: 8, pollIntervalMs: 5, maxYieldMs: 1_000, yieldWhile: () => true });
    let runningNow = 0;
    let mostAtOnce = 0;
    let ran = 0;
    jobs.register('test.slow', async () => {
      runningNow += 1;
      mostAtOnce = Math.max(mostAtOnce, runningNow);
      await new Promise((resolve) => setTimeout(resolve, 20));
      runningNow -= 1;
      ran += 1;
    });
    for (let index = 0; index < 12; index += 1) await jobs.enqueue({ accountId: ACCOUNT, type: 'test.slow', payload: index });

    jobs.start();
    const waitFor = async (condition: () => boolean): Promise<void> => {
      for (let tries = 0; !condition() && tries < 400; tries += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    // Nothing runs inside the yield window, however long the real time.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran).toBe(0);
    // Each time the window runs out, one job runs (not a round of `concurrency`), then the runner yields again.
    for (let round = 1; round <= 3; round += 1) {
      clock.advance(1_000);
      await waitFor(() => ran === round);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(ran).toBe(round);
    }
    await jobs.stop();
    expect(mostAtOnce).toBe(1);
  });
});
