/**
 * The job queue's SQL: enqueue, claim, complete, fail. Jobs are rows (graphile-worker/pg-boss
 * style); the runner (./runner.ts) is the loop around these statements.
 *
 * Claiming is the one statement that crosses accounts — a worker serves them all — and it locks
 * with FOR UPDATE SKIP LOCKED, so several instances over one PostgreSQL never hand one job to
 * two workers. Every other statement is scoped by account_id as well as by id.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema';
import type { JobsTable } from '../store/tables-inbox';
import { fairDueJobIds } from './fair-claim';
import type { Job, JobSpec } from './types';
import type { Selectable } from 'kysely';
import { asAccountId } from '../../core/brand';

const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_ERROR_LENGTH = 2_000;

type Executor = Kysely<Database> | Transaction<Database>;
type JobRow = Selectable<JobsTable>;

export interface EnqueuedJob {
  id: number;
  /** false: a job with the same idempotency key already existed; `id` is that job. */
  created: boolean;
}

/** Inserts jobs in one statement; keyed duplicates (per account) are skipped. Returns the new ids. */
export async function insertJobs(executor: Executor, specs: readonly JobSpec[], now: Date): Promise<number[]> {
  if (specs.length === 0) return [];
  const rows = await executor.insertInto('jobs')
    .values(specs.map((spec) => ({
      account_id: spec.accountId,
      type: spec.type,
      payload: JSON.stringify(spec.payload),
      status: 'queued' as const,
      max_attempts: spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      run_at: spec.runAt ?? now,
      idempotency_key: spec.idempotencyKey ?? null,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      finished_at: null,
    })))
    .onConflict((conflict) => conflict.columns(['account_id', 'idempotency_key']).doNothing())
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function enqueueJob(executor: Executor, spec: JobSpec, now: Date): Promise<EnqueuedJob> {
  const [id] = await insertJobs(executor, [spec], now);
  if (id !== undefined) return { id, created: true };
  if (spec.idempotencyKey === undefined) throw new Error('job insert returned no row');
  const existing = await executor.selectFrom('jobs').select('id')
    .where('account_id', '=', spec.accountId).where('idempotency_key', '=', spec.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export interface ClaimRequest {
  workerId: string;
  /** Only jobs this worker has handlers for. */
  types: readonly string[];
  limit: number;
  now: Date;
  leaseMs: number;
  /**
   * Also take back jobs whose lease ran out (their worker vanished): queued again, or failed when it
   * was their last attempt (default true; the runner does it about once a second).
   */
  reapExpired?: boolean;
}

export const LEASE_EXPIRED_ON_LAST_ATTEMPT = 'lease expired on the last attempt: the worker stopped or the attempt outlived its lease';

/**
 * In one transaction: takes back jobs whose lease ran out (failed on their last attempt, queued
 * again otherwise, keeping their place by run_at), then claims up to `limit` due queued jobs.
 */
export async function claimJobs(db: Kysely<Database>, request: ClaimRequest): Promise<Job[]> {
  const { workerId, types, limit, now, leaseMs, reapExpired = true } = request;
  if (types.length === 0 || limit <= 0) return [];
  const rows = await db.transaction().execute(async (trx) => {
    if (reapExpired) await trx.updateTable('jobs')
      .set({ status: 'failed', last_error: LEASE_EXPIRED_ON_LAST_ATTEMPT, locked_by: null, locked_until: null, finished_at: now, updated_at: now })
      .where('id', 'in', trx.selectFrom('jobs').select('id')
        .where('status', '=', 'running').where('locked_until', '<', now).whereRef('attempts', '>=', 'max_attempts')
        .where('type', 'in', types)
        .forUpdate().skipLocked())
      .execute();
    if (reapExpired) await trx.updateTable('jobs')
      .set({ status: 'queued', locked_by: null, locked_until: null, updated_at: now })
      .where('id', 'in', trx.selectFrom('jobs').select('id')
        .where('status', '=', 'running').where('locked_until', '<', now).whereRef('attempts', '<', 'max_attempts')
        .where('type', 'in', types)
        .forUpdate().skipLocked())
      .execute();
    // Round robin across accounts (./fair-claim.ts): one account's burst does not starve the others.
    const due = fairDueJobIds(types, now, limit);
    return trx.updateTable('jobs')
      .set((eb) => ({
        status: 'running' as const,
        attempts: eb('attempts', '+', 1),
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs),
        updated_at: now,
      }))
      .where(sql<boolean>`id IN (${due})`)
      .returningAll()
      .execute();
  });
  return rows.sort((a, b) => a.id - b.id).map(toJob);
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  accountId: asAccountId(row.account_id),
  type: row.type,
  payload: row.payload,
  attempt: row.attempts,
  maxAttempts: row.max_attempts,
  createdAt: row.created_at,
});

/** Guards: only the worker that holds this attempt's lease may settle it. */
const ownedAttempt = (job: Job, workerId: string) => ({ job, workerId });

export async function completeJob(db: Executor, job: Job, workerId: string, now: Date): Promise<boolean> {
  return settle(db, ownedAttempt(job, workerId), { status: 'done', locked_by: null, locked_until: null, finished_at: now, updated_at: now });
}

export type FailureDecision = { kind: 'retry'; runAt: Date } | { kind: 'fail' };

export async function failJob(db: Executor, job: Job, workerId: string, error: string, decision: FailureDecision, now: Date): Promise<boolean> {
  const last_error = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH)}…` : error;
  return settle(db, ownedAttempt(job, workerId), decision.kind === 'retry'
    ? { status: 'queued', run_at: decision.runAt, last_error, locked_by: null, locked_until: null, updated_at: now }
    : { status: 'failed', last_error, locked_by: null, locked_until: null, finished_at: now, updated_at: now });
}

/**
 * Gives an interrupted attempt's job back to the queue, due now, with no lease: the next claim
 * (another instance, or this one after a restart) runs it again. The attempt still counts.
 */
export async function releaseJob(db: Executor, job: Job, workerId: string, reason: string, now: Date): Promise<boolean> {
  return settle(db, ownedAttempt(job, workerId), { status: 'queued', run_at: now, last_error: reason, locked_by: null, locked_until: null, updated_at: now });
}

async function settle(
  db: Executor,
  { job, workerId }: ReturnType<typeof ownedAttempt>,
  changes: Partial<Pick<JobRow, 'status' | 'run_at' | 'last_error' | 'locked_by' | 'locked_until' | 'finished_at' | 'updated_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('jobs').set(changes)
    .where('account_id', '=', job.accountId).where('id', '=', job.id)
    .where('status', '=', 'running').where('locked_by', '=', workerId).where('attempts', '=', job.attempt)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
