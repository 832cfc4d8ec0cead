/**
 * The job runner: a registry of handlers by job type and a loop that claims due jobs (./queue.ts),
 * runs up to `concurrency` of them at once, and settles each attempt — done, retry after an
 * exponential back-off, or failed with the error message kept as the visible reason.
 *
 * A crashed worker's jobs come back when their lease expires. An attempt that outlives its
 * timeout is aborted (ctx.signal) and counted as failed before the lease runs out, so another
 * worker never starts a job that is still being settled. `stop()` stops claiming and gives the
 * running attempts `stopGraceMs`; those still running then are aborted (ctx.signal) and their
 * leases released, so another instance or the next start takes them at once. The loop polls every `pollIntervalMs` and wakes at once on an in-process
 * enqueue (or `wake()`, e.g. after the webhook inbox committed new jobs).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';
import type { Database } from '../store/schema';
import { computeRetryDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { runOnce } from './effects';
import { claimJobs, completeJob, enqueueJob, failJob, releaseJob, type EnqueuedJob, type FailureDecision } from './queue';
import { PermanentJobError, type Job, type JobContext, type JobHandler, type JobLogger, type JobSpec } from './types';

export interface JobRunnerOptions {
  db: Kysely<Database>;
  clock?: Clock;
  /** Attempts running at once in this process (default 4). */
  concurrency?: number;
  /** Idle polling period for jobs enqueued by other instances or becoming due (default 200 ms). */
  pollIntervalMs?: number;
  /** An attempt running longer is aborted and counted as failed (default 60 s). */
  timeoutMs?: number;
  /** How long a claim is exclusive; must exceed timeoutMs (default timeoutMs + 15 s). */
  leaseMs?: number;
  /** On stop(), how long running attempts may still finish before their leases are released (default 10 s). */
  stopGraceMs?: number;
  backoff?: BackoffPolicy;
  workerId?: string;
  log?: JobLogger;
  /**
   * While this returns true the runner claims nothing (it still finishes running attempts), at
   * most for `maxYieldMs` in a row. Wire it to the webhook inbox: on PGlite the jobs share one
   * thread and one session with the acknowledgements, and a burst of webhooks must not wait
   * behind the jobs it creates — the durable queue absorbs the burst instead.
   */
  yieldWhile?: () => boolean;
  /**
   * Default 5 s: under a burst that never pauses, one job runs every 5 s, so work still
   * progresses while acknowledgements keep the store. One job, not a round of `concurrency`:
   * on PGlite each job's transaction holds the one session, and a round of 8 in a row stalled
   * acknowledgements for 50–60 ms (bench:webhooks, twice in every 10 s run).
   */
  maxYieldMs?: number;
}

export interface JobRunner {
  readonly workerId: string;
  /** Subscribes a handler to a job type (one handler per type). */
  register(type: string, handler: JobHandler): void;
  hasHandler(type: string): boolean;
  /**
   * Subscribes one of several handlers to an event (e.g. `amo.lead.status`: refusals and
   * distribution both listen). Each subscriber gets its own job type `<event>><subscriber>`, so
   * one failing and retrying never re-runs the other.
   */
  subscribe(eventType: string, subscriber: string, handler: JobHandler): void;
  /** The job types to enqueue for an event: its direct handler and every subscriber. */
  jobTypesFor(eventType: string): string[];
  /** Enqueues on `executor` (default: the runner's db) and wakes the loop. */
  enqueue(spec: JobSpec, executor?: Kysely<Database>): Promise<EnqueuedJob>;
  /** Claim now instead of at the next poll: call after committing jobs inserted elsewhere. */
  wake(): void;
  start(): void;
  /**
   * Stops claiming, waits up to `stopGraceMs` for running attempts, then aborts the rest and
   * releases their leases (their jobs are queued again). Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /** Runs due jobs until none is left (tests, scripts); not while started. Returns attempts run. */
  drain(): Promise<number>;
}

const REAP_INTERVAL_MS = 1_000;
const silentLog: JobLogger = { debug() {}, info() {}, warn() {}, error() {} };

class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
}

/** The abort reason of an attempt cut short by stop(): its job goes back to the queue. */
class JobShutdownError extends Error {
  override readonly name = 'JobShutdownError';
}

const DEFAULT_STOP_GRACE_MS = 10_000;

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  /** The store's timestamps are Dates; the clock's time is epoch ms. */
  const nowDate = (): Date => new Date(clock.now());
  const concurrency = options.concurrency ?? 4;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const leaseMs = options.leaseMs ?? timeoutMs + 15_000;
  const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const log = options.log ?? silentLog;
  if (leaseMs <= timeoutMs) throw new Error('leaseMs must exceed timeoutMs');

  const handlers = new Map<string, JobHandler>();
  const subscribers = new Map<string, string[]>();
  const running = new Set<Promise<void>>();
  /** One per running attempt: stop() aborts those that outlive the grace period. */
  const attempts = new Set<AbortController>();
  let loop: Promise<void> | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let wakePending = false;
  let wakeUp: (() => void) | undefined;

  const wake = (): void => {
    wakePending = true;
    wakeUp?.();
  };

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => {
    if (wakePending) return resolve();
    const timer = setTimeout(done, ms);
    wakeUp = done;
    function done(): void {
      clearTimeout(timer);
      wakeUp = undefined;
      resolve();
    }
  });

  // Expired last attempts are rare: look for them about once a second, not on every claim.
  let lastReapAt = Number.NEGATIVE_INFINITY;
  const claim = (limit: number): Promise<Job[]> => {
    const now = nowDate();
    const reapExpired = now.getTime() - lastReapAt >= REAP_INTERVAL_MS;
    if (reapExpired) lastReapAt = now.getTime();
    return claimJobs(db, { workerId, types: [...handlers.keys()], limit, now, leaseMs, reapExpired });
  };

  async function execute(job: Job, handler: JobHandler): Promise<void> {
    const controller = new AbortController();
    attempts.add(controller);
    const timer = setTimeout(() => controller.abort(new JobTimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const context: JobContext = {
      accountId: job.accountId,
      db,
      log,
      signal: controller.signal,
      clock,
      runOnce: (key, effect) => runOnce(db, job.accountId, key, effect, clock),
    };
    try {
      const work = handler(job, context);
      // After a timeout the handler may still reject later: that outcome is already settled.
      work.catch(() => {});
      await Promise.race([work, rejectOnAbort(controller.signal)]);
      if (!await completeJob(db, job, workerId, nowDate())) log.warn({ jobId: job.id }, 'job finished after its lease was lost');
    } catch (error) {
      if (error instanceof JobShutdownError) {
        log.info({ jobId: job.id, type: job.type, attempt: job.attempt }, 'job released at shutdown');
        if (!await releaseJob(db, job, workerId, error.message, nowDate())) log.warn({ jobId: job.id }, 'job released after its lease was lost');
        return;
      }
      const decision = decideAfterFailure(job, error);
      const message = describeError(error);
      log.warn({ jobId: job.id, type: job.type, attempt: job.attempt, decision: decision.kind, err: message }, 'job attempt failed');
      if (!await failJob(db, job, workerId, message, decision, nowDate())) log.warn({ jobId: job.id }, 'job failed after its lease was lost');
    } finally {
      clearTimeout(timer);
      attempts.delete(controller);
    }
  }

  function decideAfterFailure(job: Job, error: unknown): FailureDecision {
    if (error instanceof PermanentJobError || job.attempt >= job.maxAttempts) return { kind: 'fail' };
    return { kind: 'retry', runAt: new Date(clock.now() + computeRetryDelayMs(job.attempt, backoff)) };
  }

  /** Starts an attempt; a settle error (database gone) is logged — the lease brings the job back. */
  function launch(job: Job): Promise<void> {
    const handler = handlers.get(job.type);
    const attempt = (handler === undefined ? Promise.reject(new Error(`no handler for ${job.type}`)) : execute(job, handler))
      .catch((error: unknown) => log.error({ jobId: job.id, err: describeError(error) }, 'could not settle job'))
      .finally(() => {
        running.delete(attempt);
        wake();
      });
    running.add(attempt);
    return attempt;
  }

  const maxYieldMs = options.maxYieldMs ?? 5_000;
  let yieldingSince: number | undefined;
  /**
   * How many jobs this round may claim for the sake of `yieldWhile`: all free slots when nothing
   * asks to yield, none while yielding, one when the yield has lasted `maxYieldMs`.
   */
  function claimableNow(free: number): number {
    if (options.yieldWhile === undefined || !options.yieldWhile()) {
      yieldingSince = undefined;
      return free;
    }
    const now = clock.now();
    yieldingSince ??= now;
    // A clock set back (the e2e sandbox's can be) ends the yield rather than stretching it.
    if (now >= yieldingSince && now - yieldingSince < maxYieldMs) return 0;
    yieldingSince = undefined;
    return Math.min(free, 1);
  }

  async function runLoop(): Promise<void> {
    while (!stopping) {
      wakePending = false;
      const slots = concurrency - running.size;
      const free = slots > 0 ? claimableNow(slots) : 0;
      if (slots > 0 && free === 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, 20)));
        continue;
      }
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await claim(free);
          claimed = jobs.length;
          for (const job of jobs) void launch(job);
        } catch (error) {
          log.error({ err: describeError(error) }, 'claiming jobs failed');
        }
      }
      // A full batch means more may be due: claim again without waiting.
      if (stopping || claimed === 0 || claimed < free) await sleep(pollIntervalMs);
    }
  }

  return {
    workerId,
    register(type, handler) {
      if (handlers.has(type)) throw new Error(`a handler for ${type} is already registered`);
      handlers.set(type, handler);
    },
    hasHandler: (type) => handlers.has(type) || (subscribers.get(type)?.length ?? 0) > 0,
    subscribe(eventType, subscriber, handler) {
      const type = `${eventType}>${subscriber}`;
      if (handlers.has(type)) throw new Error(`${subscriber} already subscribes to ${eventType}`);
      handlers.set(type, handler);
      subscribers.set(eventType, [...(subscribers.get(eventType) ?? []), type]);
    },
    jobTypesFor: (eventType) => [...(handlers.has(eventType) ? [eventType] : []), ...(subscribers.get(eventType) ?? [])],
    async enqueue(spec, executor = db) {
      const enqueued = await enqueueJob(executor, spec, nowDate());
      if (executor === db) wake();
      return enqueued;
    },
    wake,
    start() {
      if (loop !== undefined) return;
      stopping = false;
      stopped = undefined;
      loop = runLoop();
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake();
        await loop;
        loop = undefined;
        const settled = Promise.all([...running]);
        if (await finishesWithin(settled, stopGraceMs)) return;
        const reason = new JobShutdownError(`the service stopped; the attempt did not finish within ${stopGraceMs} ms`);
        for (const controller of attempts) controller.abort(reason);
        await settled;
      })();
      return stopped;
    },
    async drain() {
      if (loop !== undefined) throw new Error('drain() while the runner is started');
      let total = 0;
      for (;;) {
        const jobs = await claim(concurrency);
        if (jobs.length === 0) return total;
        total += jobs.length;
        await Promise.all(jobs.map(launch));
      }
    },
  };
}

async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([work.then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
