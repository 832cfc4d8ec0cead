/**
 * The one way writes to amoCRM are made safe to retry (refusals' review tasks and decision plans,
 * distribution's assignments and task moves): `runAmoEffects` decides for each keyed effect
 * whether it is already done, whether amoCRM already has what an interrupted attempt wrote (adopt
 * it), or whether to write it now — and records the outcome in the keyed effects ledger
 * (`effects`, the table ./effects.ts uses) together with the caller's own rows.
 * docs/decisions/0006-amo-effect-runner.md says why it looks like this.
 *
 * Per batch: (1) keys found in the ledger are done; (2) the rest get a `<key>:started` mark,
 * committed BEFORE the amoCRM call, and a key recorded by another runner since (1) is done after
 * all; (3) a mark that was already there means an earlier attempt
 * may have written and died before recording: `findWritten` looks in amoCRM and what it finds is
 * recorded as it is; (4) the others are written; (5) each result is recorded with the caller's
 * rows in one transaction, and the mark goes. The amoCRM call never runs inside a transaction:
 * the token is read from the store and PGlite has one session, and a call waiting for the rate
 * budget would hold up webhook acknowledgements.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { Database } from '../store/schema';
import type { JsonValue } from './types';

export interface AmoEffect { readonly key: string }

interface Recorded<E extends AmoEffect, R extends JsonValue> { readonly effect: E; readonly result: R }

export interface AmoEffectPlan<E extends AmoEffect, R extends JsonValue> {
  /** Effects per batch: at most what one amoCRM request takes (default 50, §9.4). */
  readonly batchSize?: number;
  /**
   * For effects an earlier attempt started but never recorded: what amoCRM already has, by key.
   * Leave it out only when `write` reads before it writes (its repeat changes nothing).
   */
  findWritten?(effects: readonly E[]): Promise<ReadonlyMap<string, R>>;
  /** Writes to amoCRM; answers each effect's result by key (one left out is tried again next time). */
  write(effects: readonly E[]): Promise<ReadonlyMap<string, R>>;
  /** The caller's rows saying the effects happened, committed with their ledger keys. */
  record?(trx: Transaction<Database>, recorded: ReadonlyArray<Recorded<E, R>>): Promise<void>;
  /**
   * A job attempt's signal: once aborted (the runner timed the attempt out), no batch is marked or
   * written any more — the job's retry may already be running them — and `write` should pass it to
   * amoCRM (the port's WriteOptions) so a write still waiting for the budget stays unsent.
   */
  readonly signal?: AbortSignal;
}

export interface AmoEffectsOutcome<R> {
  /** Every effect's result by key: found done, adopted, or written now. */
  readonly results: ReadonlyMap<string, R>;
  /** Written to amoCRM by this call (not found done, not adopted). */
  readonly written: number;
  readonly adopted: number;
}

const DEFAULT_BATCH = 50;
const startedKey = (key: string): string => `${key}:started`;

export async function runAmoEffects<E extends AmoEffect, R extends JsonValue>(
  db: Kysely<Database>, accountId: AccountId, clock: Clock, effects: readonly E[], plan: AmoEffectPlan<E, R>,
): Promise<AmoEffectsOutcome<R>> {
  const results = new Map<string, R>();
  let written = 0;
  let adopted = 0;
  const batchSize = plan.batchSize ?? DEFAULT_BATCH;
  for (let start = 0; start < effects.length; start += batchSize) {
    const batch = effects.slice(start, start + batchSize);
    const done = await findRecorded<R>(db, accountId, batch.map((effect) => effect.key));
    for (const [key, result] of done) results.set(key, result);
    const unmarked = batch.filter((effect) => !done.has(effect.key));
    if (unmarked.length === 0) continue;

    plan.signal?.throwIfAborted();
    const interrupted = await markStarted(db, accountId, clock, unmarked);
    const recordedMeanwhile = await dropRecordedMeanwhile<E, R>(db, accountId, unmarked.filter((effect) => !interrupted.includes(effect)));
    for (const [key, result] of recordedMeanwhile) results.set(key, result);
    const open = unmarked.filter((effect) => !recordedMeanwhile.has(effect.key));
    if (open.length === 0) continue;
    const found = interrupted.length > 0 && plan.findWritten !== undefined ? await plan.findWritten(interrupted) : new Map<string, R>();
    const adoptions = collect(open, found);
    // Recorded before the write, so an adopted effect is kept even when the write below fails.
    await record(db, accountId, clock, adoptions, plan);
    adopted += adoptions.length;

    const toWrite = open.filter((effect) => !found.has(effect.key));
    if (toWrite.length > 0) plan.signal?.throwIfAborted();
    const writtenNow = toWrite.length === 0 ? [] : collect(toWrite, await plan.write(toWrite));
    await record(db, accountId, clock, writtenNow, plan);
    written += writtenNow.length;
    for (const { effect, result } of [...adoptions, ...writtenNow]) results.set(effect.key, result);
  }
  return { results, written, adopted };
}

/**
 * Gives up effects an attempt started: their marks go, so no later run looks in amoCRM for them.
 * Only for effects the caller knows will never be written (refusals: the task of a review decided
 * meanwhile, looked for in amoCRM and not found).
 */
export async function dropStarted(db: Kysely<Database>, accountId: AccountId, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('effects').where('account_id', '=', accountId).where('key', 'in', keys.map(startedKey)).execute();
}

function collect<E extends AmoEffect, R extends JsonValue>(effects: readonly E[], byKey: ReadonlyMap<string, R>): Array<Recorded<E, R>> {
  return effects.flatMap((effect) => (byKey.has(effect.key) ? [{ effect, result: byKey.get(effect.key) as R }] : []));
}

async function findRecorded<R>(db: Kysely<Database>, accountId: AccountId, keys: readonly string[]): Promise<Map<string, R>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('effects').select(['key', 'result'])
    .where('account_id', '=', accountId).where('key', 'in', [...keys]).execute();
  // Written by record() below from an R; JSON round-trips it unchanged.
  return new Map(rows.map((row) => [row.key, row.result as R]));
}

/**
 * Of the effects this runner has just marked, those another runner recorded after this one looked
 * in the ledger: its record removed its own mark, so this runner's mark went in as a fresh one and
 * would write a second time. Read after the mark is committed, the ledger has that record (it
 * commits with the mark's removal); their marks go again.
 */
async function dropRecordedMeanwhile<E extends AmoEffect, R>(db: Kysely<Database>, accountId: AccountId, marked: readonly E[]): Promise<Map<string, R>> {
  const recorded = await findRecorded<R>(db, accountId, marked.map((effect) => effect.key));
  await dropStarted(db, accountId, [...recorded.keys()]);
  return recorded;
}

/** Marks the effects started; returns those whose mark was already there (an attempt died). */
async function markStarted<E extends AmoEffect>(db: Kysely<Database>, accountId: AccountId, clock: Clock, effects: readonly E[]): Promise<E[]> {
  const at = new Date(clock.now());
  const inserted = await db.insertInto('effects')
    .values(effects.map((effect) => ({ account_id: accountId, key: startedKey(effect.key), result: 'null', created_at: at })))
    .onConflict((conflict) => conflict.columns(['account_id', 'key']).doNothing())
    .returning('key').execute();
  const fresh = new Set(inserted.map((row) => row.key));
  return effects.filter((effect) => !fresh.has(startedKey(effect.key)));
}

async function record<E extends AmoEffect, R extends JsonValue>(
  db: Kysely<Database>, accountId: AccountId, clock: Clock, recorded: ReadonlyArray<Recorded<E, R>>, plan: AmoEffectPlan<E, R>,
): Promise<void> {
  if (recorded.length === 0) return;
  const at = new Date(clock.now());
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('effects')
      .values(recorded.map(({ effect, result }) => ({ account_id: accountId, key: effect.key, result: JSON.stringify(result), created_at: at })))
      .onConflict((conflict) => conflict.columns(['account_id', 'key']).doNothing())
      .execute();
    await trx.deleteFrom('effects')
      .where('account_id', '=', accountId).where('key', 'in', recorded.map(({ effect }) => startedKey(effect.key)))
      .execute();
    await plan.record?.(trx, recorded);
  });
}
