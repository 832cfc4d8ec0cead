/** Issue 13: one account's burst of jobs must not starve another account's jobs. */
import { expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { claimJobs, insertJobs } from '../../src/service/jobs/queue';
import { forEachStore } from '../support/service-store';
import { NOW as FIXED_NOW } from '../support/time';

const BUSY = 31000001 as AccountId;
const QUIET = 31000002 as AccountId;
const NOW = new Date(FIXED_NOW);

forEachStore('job claiming across accounts', (fixture) => {
  it('serves every account\'s oldest due jobs in turn, not one account\'s whole burst first', async () => {
    const db = fixture.store().db;
    // The busy account's burst arrived first (older run_at); the quiet account's two jobs after it.
    await insertJobs(db, Array.from({ length: 30 }, (_, i) => ({
      accountId: BUSY, type: 'work', payload: { i }, runAt: new Date(NOW.getTime() - 60_000 + i),
    })), NOW);
    await insertJobs(db, [0, 1].map((i) => ({ accountId: QUIET, type: 'work', payload: { i }, runAt: new Date(NOW.getTime() - 1_000 + i) })), NOW);

    const claimed = await claimJobs(db, { workerId: 'w1', types: ['work'], limit: 4, now: NOW, leaseMs: 30_000 });
    expect(claimed).toHaveLength(4);
    expect(claimed.filter((job) => job.accountId === QUIET).map((job) => job.payload)).toEqual([{ i: 0 }, { i: 1 }]);
    // Within an account the order stays first-in, first-out.
    expect(claimed.filter((job) => job.accountId === BUSY).map((job) => job.payload)).toEqual([{ i: 0 }, { i: 1 }]);

    // A second worker at the same time takes the next ones, never the same.
    const next = await claimJobs(db, { workerId: 'w2', types: ['work'], limit: 4, now: NOW, leaseMs: 30_000 });
    expect(next.map((job) => job.payload)).toEqual([{ i: 2 }, { i: 3 }, { i: 4 }, { i: 5 }]);
  });
});
