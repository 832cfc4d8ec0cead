import { expect, it } from 'vitest';
import type { AccountId, EpochMs } from '../../src/core/brand';
import { runOnce } from '../../src/service/jobs/effects';
import { createJobRunner } from '../../src/service/jobs/runner';
import { forEachStore } from '../support/service-store';

const ACCOUNT = 31000001 as AccountId;

forEachStore('runOnce', (fixture) => {
  const countEffects = async () => {
    const row = await fixture.store().db.selectFrom('effects').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', ACCOUNT).executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it('runs an effect once per key and returns the stored result afterwards', async () => {
    const { db } = fixture.store();
    let calls = 0;
    const effect = async () => { calls += 1; return { taskId: 900 + calls }; };
    const first = await runOnce(db, ACCOUNT, 'review-task:lead:5', effect);
    const second = await runOnce(db, ACCOUNT, 'review-task:lead:5', effect);
    expect(first).toEqual({ ran: true, result: { taskId: 901 } });
    expect(second).toEqual({ ran: false, result: { taskId: 901 } });
    expect(calls).toBe(1);
  });

  it('keeps keys apart per account', async () => {
    const { db } = fixture.store();
    const a = await runOnce(db, ACCOUNT, 'k', async () => 'a');
    const b = await runOnce(db, 31000002 as AccountId, 'k', async () => 'b');
    expect([a.ran, b.ran]).toEqual([true, true]);
  });

  it('forgets the key when the effect throws, so a retry runs it again', async () => {
    const { db } = fixture.store();
    await expect(runOnce(db, ACCOUNT, 'flaky', async () => { throw new Error('amoCRM 504'); })).rejects.toThrow('amoCRM 504');
    expect(await countEffects()).toBe(0);
    expect(await runOnce(db, ACCOUNT, 'flaky', async () => 'second try')).toEqual({ ran: true, result: 'second try' });
  });

  it('commits writes made through trx together with the key', async () => {
    const { db } = fixture.store();
    await expect(runOnce(db, ACCOUNT, 'write-then-fail', async (trx) => {
      await trx.insertInto('effects').values({ account_id: ACCOUNT, key: 'side-write', result: '1', created_at: new Date() }).execute();
      throw new Error('after the write');
    })).rejects.toThrow('after the write');
    expect(await countEffects()).toBe(0);
  });

  it('runs a concurrently requested effect once', async () => {
    const { db } = fixture.store();
    const sibling = await fixture.openSibling();
    let calls = 0;
    const effect = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return calls;
    };
    const outcomes = await Promise.all([
      runOnce(db, ACCOUNT, 'race', effect),
      runOnce(sibling.db, ACCOUNT, 'race', effect),
      runOnce(db, ACCOUNT, 'race', effect),
    ]);
    expect(calls).toBe(1);
    expect(outcomes.filter((outcome) => outcome.ran)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.result))).toEqual(new Set([1]));
  });

  it('does not repeat an effect when the job around it is retried', async () => {
    const jobs = createJobRunner({ db: fixture.store().db, clock: { now: () => 0 as EpochMs }, backoff: { baseMs: 0, maxMs: 0 } });
    let effects = 0;
    let attempts = 0;
    jobs.register('test.effect-then-fail', async (_job, ctx) => {
      attempts += 1;
      await ctx.runOnce('notify:lead:5', async () => { effects += 1; return null; });
      if (attempts === 1) throw new Error('crashed after the effect');
    });
    await jobs.enqueue({ accountId: ACCOUNT, type: 'test.effect-then-fail', payload: null });
    await jobs.drain();
    expect({ attempts, effects }).toEqual({ attempts: 2, effects: 1 });
  });
});
