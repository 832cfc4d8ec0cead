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

forEachStore('amoCRM effects: an attempt the job runner gave up on', (fixture) => {
  it('marks and writes no further batch once its signal is aborted; the retry writes the rest once', async () => {
    const db = fixture.store().db;
    const written: string[] = [];
    const attempt = new AbortController();
    const plan = (signal?: AbortSignal): AmoEffectPlan<{ key: string }, number> => ({
      batchSize: 1,
      ...(signal === undefined ? {} : { signal }),
      findWritten: async () => new Map(),
      async write(effects) {
        written.push(...effects.map((effect) => effect.key));
        // The runner times the attempt out while its first batch is being written.
        attempt.abort(new Error('timed out after 1 ms'));
        return new Map(effects.map((effect) => [effect.key, written.length]));
      },
    });
    const effects = [{ key: 'test:batch:1' }, { key: 'test:batch:2' }];

    await expect(runAmoEffects(db, ACCOUNT, clock, effects, plan(attempt.signal))).rejects.toThrow('timed out');
    expect(written).toEqual(['test:batch:1']);
    const marks = await db.selectFrom('effects').select('key').where('account_id', '=', ACCOUNT).orderBy('key').execute();
    expect(marks.map((row) => row.key)).toEqual(['test:batch:1']);

    const retry = await runAmoEffects(db, ACCOUNT, clock, effects, plan());
    expect(written).toEqual(['test:batch:1', 'test:batch:2']);
    expect(retry.written).toBe(1);
  });
});
