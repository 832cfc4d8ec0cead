/** Shapes shared by the job queue, the runner and the handlers that feature code registers. */
import type { Kysely, Transaction } from 'kysely';
import type { BaseLogger } from 'pino';
import type { AccountId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { Database } from '../store/schema';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };


export type JobLogger = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export interface JobSpec {
  accountId: AccountId;
  type: string;
  payload: JsonValue;
  /** Unique per account: enqueueing a key that already exists creates nothing. */
  idempotencyKey?: string | undefined;
  /** Not before this time (default: now). */
  runAt?: Date | undefined;
  /** Default: the runner's / DEFAULT_MAX_ATTEMPTS. */
  maxAttempts?: number | undefined;
}

/** A claimed job as a handler sees it. `payload` is parsed JSON: the handler validates it. */
export interface Job {
  id: number;
  accountId: AccountId;
  type: string;
  payload: unknown;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  createdAt: Date;
}

export interface EffectOutcome<T> {
  /** false: the effect had already run (an earlier attempt); `result` is what it stored. */
  ran: boolean;
  result: T;
}

export interface JobContext {
  readonly accountId: AccountId;
  readonly db: Kysely<Database>;
  readonly log: JobLogger;
  /** Aborted when the attempt times out (the lease) — stop early, the attempt counts as failed. */
  readonly signal: AbortSignal;
  /** The service's clock (the runner's): handlers never read the system time themselves. */
  readonly clock: Clock;
  /**
   * Runs `effect` at most once per (account, key) across every attempt of every job: see
   * ./effects.ts. Database writes belong in `trx`, so they commit together with the key.
   */
  runOnce<T extends JsonValue>(key: string, effect: (trx: Transaction<Database>) => Promise<T>): Promise<EffectOutcome<T>>;
}

export type JobHandler = (job: Job, ctx: JobContext) => Promise<void>;

/** Throw from a handler when retrying cannot help (invalid payload…): the job fails at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}
