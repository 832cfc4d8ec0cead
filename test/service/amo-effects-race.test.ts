/**
 * The effect runner (src/service/jobs/amo-effects.ts) with two runners of the same effect: the
 * second looks in the ledger just before the first records, and marks the effect started just
 * after the first removed its mark. A proxy over the second runner's store holds its
 * ledger look until the first has written and recorded, so the interleaving is forced, not hoped for.
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { runAmoEffects, type AmoEffectPlan } from '../../src/service/jobs/amo-effects';
import type { Database } from '../../src/service/store/schema';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';

const ACCOUNT = 31000777 as AccountId;
const clock = { now: () => NOW };

/**
 * The store as `db`, except that the next read of the effects ledger runs `hook` (once) after it
 * has its answer and before the caller gets it. Not a Kysely plugin: a plugin transforms results
 * while the connection is still held, and PGlite's one session would wait for itself.
 */
function afterLedgerRead(db: Kysely<Database>, hook: () => Promise<void>): Kysely<Database> {
  let pending: (() => Promise<void>) | undefined = hook;
  const pausing = <T extends object>(builder: T): T => new Proxy(builder, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const answer: unknown = value.apply(target, args);
        if (property === 'execute') {
          return (answer as Promise<unknown>).then(async (rows) => {
            const run = pending;
            pending = undefined;
            await run?.();
            return rows;
          });
        }
        return typeof answer === 'object' && answer !== null && 'execute' in answer ? pausing(answer) : answer;
      };
    },
  });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'selectFrom') return (table: 'effects') => (table === 'effects' ? pausing(target.selectFrom(table)) : target.selectFrom(table));
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

forEachStore('amoCRM effects: two runners of one effect', (fixture) => {
  it('writes once when the other runner records between this one\'s ledger look and its mark', async () => {
    const db = fixture.store().db;
    let writes = 0;
    const plan: AmoEffectPlan<{ key: string }, number> = {
      findWritten: async () => new Map(),
      async write(effects) {
        writes += 1;
        return new Map(effects.map((effect) => [effect.key, writes]));
      },
    };
    const effects = [{ key: 'test:effect:1' }];
    const late = afterLedgerRead(db, async () => {
      await runAmoEffects(db, ACCOUNT, clock, effects, plan);
    });

    const outcome = await runAmoEffects(late, ACCOUNT, clock, effects, plan);

    expect(writes).toBe(1);
    expect(outcome.written).toBe(0);
    expect(outcome.results.get('test:effect:1')).toBe(1);
    const ledger = await db.selectFrom('effects').select('key').where('account_id', '=', ACCOUNT).execute();
    expect(ledger.map((row) => row.key)).toEqual(['test:effect:1']);
  });
});
