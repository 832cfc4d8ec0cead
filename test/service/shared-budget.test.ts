/**
 * Issue 13: the amoCRM budget of one account shared by every instance over one database. Two
 * budgets over two handles on the same database stand for two service instances.
 */
import { expect, it } from 'vitest';
import type { Release } from '../../src/amo/budget';
import { createSharedBudgets } from '../../src/service/accounts/shared-budget';
import { forEachStore } from '../support/service-store';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The most slots held at one instant, a slot counting from its grant until 1 s after its release. */
function mostHeld(intervals: ReadonlyArray<{ grantedAt: number; releasedAt: number }>): number {
  let most = 0;
  for (const { grantedAt } of intervals) {
    const held = intervals.filter((o) => o.grantedAt <= grantedAt && grantedAt < o.releasedAt + 1000).length;
    most = Math.max(most, held);
  }
  return most;
}

forEachStore('shared amoCRM budget', (fixture) => {
  it('holds the ceiling for two instances together, each serving its own callers first-in first-out', async () => {
    const sibling = await fixture.openSibling();
    const instances = [createSharedBudgets({ db: fixture.store().db, perSecond: 3 }), createSharedBudgets({ db: sibling.db, perSecond: 3 })];
    const intervals: Array<{ grantedAt: number; releasedAt: number }> = [];
    const order: string[][] = [[], []];
    await Promise.all(instances.flatMap((budgets, instance) => Array.from({ length: 6 }, async (_, i) => {
      const release = await budgets.for('amo:https://demo.amocrm.ru').acquire();
      order[instance]?.push(`${instance}:${i}`);
      const grantedAt = Date.now();
      await sleep(20); // the HTTP exchange
      const releasedAt = Date.now();
      release();
      intervals.push({ grantedAt, releasedAt });
    })));
    expect(intervals).toHaveLength(12);
    expect(mostHeld(intervals)).toBeLessThanOrEqual(3);
    expect(order[0]).toEqual(Array.from({ length: 6 }, (_, i) => `0:${i}`));
    expect(order[1]).toEqual(Array.from({ length: 6 }, (_, i) => `1:${i}`));
  }, 30_000);

  it('lets another account through while one account queues', async () => {
    const budgets = createSharedBudgets({ db: fixture.store().db, perSecond: 1 });
    const busy = budgets.for('amo:https://busy.amocrm.ru');
    const held: Release[] = [await busy.acquire()];
    const queued = Array.from({ length: 2 }, () => busy.acquire().then((release) => { release(); }));
    const startedAt = Date.now();
    const quiet = await budgets.for('amo:https://quiet.amocrm.ru').acquire();
    expect(Date.now() - startedAt).toBeLessThan(900); // not behind the busy account's second
    expect(busy.waiting).toBeGreaterThan(0);
    quiet();
    held[0]?.();
    await Promise.all(queued);
  }, 30_000);

  it('takes back the slot of an instance that died holding it, after the lease', async () => {
    const sibling = await fixture.openSibling();
    const dead = createSharedBudgets({ db: fixture.store().db, perSecond: 1, leaseMs: 1_500 });
    await dead.for('amo:https://demo.amocrm.ru').acquire(); // never released: SIGKILL
    const alive = createSharedBudgets({ db: sibling.db, perSecond: 1, leaseMs: 1_500 });
    const startedAt = Date.now();
    const release = await alive.for('amo:https://demo.amocrm.ru').acquire();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
    release();
  }, 30_000);

  it('gives an unused slot back at once and serves a priority caller (a token refresh) first', async () => {
    const budgets = createSharedBudgets({ db: fixture.store().db, perSecond: 1 });
    const budget = budgets.for('amo:https://demo.amocrm.ru');
    const first = await budget.acquire();
    const order: string[] = [];
    const plain = budget.acquire().then((release) => { order.push('plain'); release(); });
    const refresh = budget.acquire(undefined, { priority: true }).then((release) => { order.push('refresh'); release.unused?.(); });
    const startedAt = Date.now();
    first.unused?.();
    await Promise.all([plain, refresh]);
    expect(order).toEqual(['refresh', 'plain']);
    expect(Date.now() - startedAt).toBeLessThan(900);
  }, 30_000);
});
