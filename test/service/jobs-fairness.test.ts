/** Issue 13: one account's burst of jobs must not starve another account's jobs. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { fairDueJobIds } from '../../src/service/jobs/fair-claim';
import { claimJobs, insertJobs } from '../../src/service/jobs/queue';
import { forEachStore } from '../support/service-store';
import { NOW as FIXED_NOW } from '../support/time';

const BUSY = 31000001 as AccountId;
const QUIET = 31000002 as AccountId;
const NOW = new Date(FIXED_NOW);

interface PlanNode { 'Relation Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] }

/** Rows of `jobs` the plan actually read (returned or filtered away, over every loop). */
function jobRowsRead(node: PlanNode): number {
  const own = node['Relation Name'] === 'jobs'
    ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + jobRowsRead(child), 0);
}

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

  // bench:scale: with the claim reading every queued job, a 3,000-webhook burst (~10,000 jobs) made
  // each claim cost ~50 ms and the instances ran ~20 jobs/s; the backlog took minutes.
  it('reads only the jobs it may claim, however long the backlog is', async () => {
    const db = fixture.store().db;
    for (const account of [BUSY, QUIET, 31000003 as AccountId]) {
      await insertJobs(db, Array.from({ length: 2_000 }, (_, i) => ({
        accountId: account, type: i % 2 === 0 ? 'work' : 'other', payload: { i }, runAt: new Date(NOW.getTime() - 60_000 + i),
      })), NOW);
    }
    await sql`ANALYZE jobs`.execute(db);
    const explained = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (ANALYZE, FORMAT JSON) ${fairDueJobIds(['work', 'other'], NOW, 4)}`.execute(db);
    const raw = explained.rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
    // 3 accounts × 4 candidates, plus the probes that find the accounts: nowhere near the 6,000 queued.
    expect(jobRowsRead(plan[0]!.Plan)).toBeLessThanOrEqual(50);
  });
});
