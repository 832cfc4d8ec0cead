/**
 * Keyed side effects: `runOnce(db, accountId, key, effect)` runs `effect` at most once per
 * (account, key), however often the job around it is retried or re-claimed after a crash.
 *
 * Insert-first: one transaction inserts the key (ON CONFLICT DO NOTHING), runs the effect, stores
 * its result and commits. A concurrent caller with the same key blocks on the key's row until
 * the first commits, then finds it and gets the stored result; if the first rolls back (the
 * effect threw, or the process died) the key vanishes with it and a retry runs the effect again.
 *
 * Exactly-once holds for writes made through `trx`. A call to another system inside `effect`
 * (amoCRM) is at-least-once in one narrow window — it succeeded, then the commit never happened —
 * so such calls should be safe to repeat or check first. Keep effects short: on PGlite the open
 * transaction holds the only session.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import type { Database } from '../store/schema';
import { systemClock } from '../clock';
import type { EffectOutcome, JsonValue } from './types';

export async function runOnce<T extends JsonValue>(
  db: Kysely<Database>,
  accountId: AccountId,
  key: string,
  effect: (trx: Transaction<Database>) => Promise<T>,
  clock: Clock = systemClock,
): Promise<EffectOutcome<T>> {
  const attempt = async (trx: Transaction<Database>): Promise<EffectOutcome<T>> => {
    const claimed = await trx.insertInto('effects')
      .values({ account_id: accountId, key, result: 'null', created_at: new Date(clock.now()) })
      .onConflict((conflict) => conflict.columns(['account_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed === undefined) {
      const stored = await trx.selectFrom('effects').select('result')
        .where('account_id', '=', accountId).where('key', '=', key)
        .executeTakeFirstOrThrow();
      // Written by this function from a T; JSON round-trips it unchanged.
      return { ran: false, result: stored.result as T };
    }
    const result = await effect(trx);
    await trx.updateTable('effects').set({ result: JSON.stringify(result) })
      .where('account_id', '=', accountId).where('key', '=', key)
      .execute();
    return { ran: true, result };
  };
  // Inside a caller's transaction the key commits (or rolls back) with the caller's writes.
  return db.isTransaction ? attempt(db as Transaction<Database>) : db.transaction().execute(attempt);
}
