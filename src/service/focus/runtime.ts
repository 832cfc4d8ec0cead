/**
 * What every focus route and the sweep share: the store, the service's clock, the account's time zone,
 * and the "availability changed" signal — an in-process listener list plus a durable job
 * (`focus.availability_changed`) enqueued in the same transaction as the change.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import { accountTimeZone, loadAccountTimezone } from '../accounts/directory';
import type { AccountRecord } from '../accounts/repository';
import type { AccountServices } from '../accounts/services';
import type { JobRunner } from '../jobs/runner';
import type { Database } from '../store/schema';
import type { OnSessionEnded, SessionEnded } from './sessions';
import type { AccountConfig } from '../../contract/config';

export const AVAILABILITY_CHANGED_JOB = 'focus.availability_changed';

export type AvailabilityChangeCause = 'session_started' | 'session_ended' | 'paused' | 'resumed' | 'away_set' | 'away_lifted';

interface AvailabilityChanged {
  readonly accountId: AccountId;
  readonly userId: UserId;
  readonly cause: AvailabilityChangeCause;
  readonly at: EpochMs;
}

/** Causes after which the manager may be able to take leads again (held leads can go out). */
const FREEING_CAUSES: ReadonlySet<AvailabilityChangeCause> = new Set(['session_ended', 'resumed', 'away_lifted']);

export interface FocusRuntime {
  readonly db: Kysely<Database>;
  readonly accounts: AccountServices;
  readonly log: Logger;
  now(): EpochMs;
  /** The zone sessions and schedules use: configuration first, then amoCRM's account zone. */
  timezoneOf(account: AccountRecord, config: AccountConfig): Promise<string>;
  /** amoCRM's own zone of the account (directory cache), null when it cannot be read. */
  accountTimezoneOf(account: AccountRecord): Promise<string | null>;
  /** For sessions.ts: enqueues the durable signal inside the ending transaction. */
  readonly onSessionEnded: OnSessionEnded;
  /** Enqueues the durable signal (when the change may free the manager) on `executor`. */
  enqueueChange(executor: Kysely<Database> | Transaction<Database>, change: AvailabilityChanged): Promise<void>;
}

export interface RuntimeDeps {
  db: Kysely<Database>;
  accounts: AccountServices;
  jobs: JobRunner | null;
  log: Logger;
  clock: Clock;
}

export function createFocusRuntime(deps: RuntimeDeps): FocusRuntime {
  const now = (): EpochMs => deps.clock.now();

  const enqueueChange: FocusRuntime['enqueueChange'] = async (executor, change) => {
    if (deps.jobs === null || !FREEING_CAUSES.has(change.cause)) return;
    await deps.jobs.enqueue({
      accountId: change.accountId,
      type: AVAILABILITY_CHANGED_JOB,
      payload: { accountId: change.accountId, userId: change.userId, cause: change.cause, at: change.at },
      idempotencyKey: `${AVAILABILITY_CHANGED_JOB}:${change.userId}:${change.cause}:${change.at}`,
    }, executor as Kysely<Database>);
  };

  const endedChange = (ended: SessionEnded): AvailabilityChanged =>
    ({ accountId: ended.accountId, userId: ended.userId, cause: 'session_ended', at: now() });

  return {
    db: deps.db,
    accounts: deps.accounts,
    log: deps.log,
    now,
    async timezoneOf(account, config) {
      return accountTimeZone(config.general.timezone, () => loadAccountTimezone(deps.accounts.directory, account.id, deps.log));
    },
    accountTimezoneOf: (account) => loadAccountTimezone(deps.accounts.directory, account.id, deps.log),
    onSessionEnded: (trx, ended) => enqueueChange(trx, endedChange(ended)),
    enqueueChange,
  };
}
