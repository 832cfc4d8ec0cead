/** Issue 13: retention prunes by age and keeps every row exactly-once processing still needs. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { DEFAULT_RETENTION, pruneOnce } from '../../src/service/retention/retention';
import type { Store } from '../../src/service/store/db';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';

const DAY = 86_400_000;
const ago = (days: number): Date => new Date(NOW - days * DAY);
const A = 31000001;
const B = 31000002;

async function job(store: Store, account: number, status: string, createdDaysAgo: number, extra: { finishedDaysAgo?: number; inboxId?: number; key?: string } = {}): Promise<void> {
  const payload = JSON.stringify(extra.inboxId === undefined ? { key: extra.key ?? null } : { inboxId: extra.inboxId });
  const finished = extra.finishedDaysAgo === undefined ? null : ago(extra.finishedDaysAgo);
  await sql`INSERT INTO jobs (account_id, type, payload, status, max_attempts, run_at, created_at, updated_at, finished_at)
    VALUES (${account}, 'test', ${payload}::jsonb, ${status}, 5, ${ago(createdDaysAgo)}, ${ago(createdDaysAgo)}, ${ago(createdDaysAgo)}, ${finished})`.execute(store.db);
}

async function inbox(store: Store, account: number, key: string, daysAgo: number): Promise<number> {
  const { rows } = await sql<{ id: number | string }>`INSERT INTO webhook_inbox (account_id, source, dedupe_key, job_count, received_at)
    VALUES (${account}, 'account', ${key}, 1, ${ago(daysAgo)}) RETURNING id`.execute(store.db);
  return Number(rows[0]?.id);
}

async function effect(store: Store, account: number, key: string, daysAgo: number): Promise<void> {
  await sql`INSERT INTO effects (account_id, key, result, created_at) VALUES (${account}, ${key}, 'true'::jsonb, ${ago(daysAgo)})`.execute(store.db);
}

async function decision(store: Store, id: number, daysAgo: number, kind: string, applied: boolean): Promise<void> {
  await sql`INSERT INTO distribution_decisions (id, account_id, lead_id, at, trigger, kind, candidates, applied_at)
    VALUES (${id}, ${A}, ${id}, ${ago(daysAgo)}, 'add_lead', ${kind}, '[]'::jsonb, ${applied ? ago(daysAgo) : null})`.execute(store.db);
}

async function review(store: Store, id: string, decidedDaysAgo: number | null, planPending: boolean): Promise<void> {
  const decidedAt = decidedDaysAgo === null ? null : Math.floor((NOW - decidedDaysAgo * DAY) / 1000);
  await sql`INSERT INTO refusal_reviews (id, account_id, lead_id, loss_event_key, state, review, lead_name, manager_id, reviewer_id, value, pipeline_id, lost_at, decided_at, plan_pending, created_at, updated_at)
    VALUES (${id}, ${A}, 1, ${`loss-${id}`}, ${decidedAt === null ? 'pending' : 'confirmed'}, '{}'::jsonb, 'Deal', 1, 2, 100, 3, ${Math.floor((NOW - 400 * DAY) / 1000)}, ${decidedAt}, ${planPending}, ${ago(400)}, ${ago(400)})`.execute(store.db);
}

const ids = async (store: Store, query: ReturnType<typeof sql<{ id: unknown }>>): Promise<string[]> =>
  (await query.execute(store.db)).rows.map((row) => String(row.id)).sort();

forEachStore('retention', (fixture) => {
  it('prunes old rows and keeps the ones still needed for exactly-once effects', async () => {
    const store = fixture.store();
    // Jobs: finished long ago go; pending ones stay however old; recent finished stay.
    await job(store, A, 'done', 30, { finishedDaysAgo: 30, key: 'old-done' });
    await job(store, A, 'failed', 30, { finishedDaysAgo: 30, key: 'old-failed' });
    await job(store, A, 'done', 1, { finishedDaysAgo: 1, key: 'recent-done' });
    await job(store, B, 'queued', 60, { key: 'old-queued' });
    // Inbox: an old row a pending job still points at stays.
    const oldHandled = await inbox(store, A, 'old-handled', 30);
    const oldPending = await inbox(store, B, 'old-pending', 30);
    const recent = await inbox(store, A, 'recent', 1);
    await job(store, B, 'running', 30, { inboxId: oldPending });
    // Effects: B has a job pending since before its old effect, so that one stays.
    await effect(store, A, 'a:old', 60);
    await effect(store, A, 'a:recent', 2);
    await effect(store, B, 'b:old-but-job-pending', 45);
    await effect(store, A, `refusal:${A}:loss-r-pending:return:move_deal`, 60);
    // Decisions: an assigned one amoCRM has not seen yet stays.
    await decision(store, 1, 200, 'assigned', true);
    await decision(store, 2, 200, 'assigned', false);
    await decision(store, 3, 200, 'held', false);
    await decision(store, 4, 10, 'assigned', true);
    // Reviews: undecided and unfinished plans stay.
    await review(store, 'r-old', 400, false);
    await review(store, 'r-pending', 400, true);
    await review(store, 'r-undecided', null, false);
    await review(store, 'r-recent', 30, false);

    const report = await pruneOnce(store.db, DEFAULT_RETENTION, NOW);

    expect(report).toEqual({ webhook_inbox: 1, jobs: 2, effects: 1, distribution_decisions: 2, refusal_reviews: 1 });
    expect(await ids(store, sql<{ id: unknown }>`SELECT payload->>'key' AS id FROM jobs WHERE payload ? 'key'`)).toEqual(['old-queued', 'recent-done']);
    expect(await ids(store, sql<{ id: unknown }>`SELECT id FROM webhook_inbox`)).toEqual([String(oldPending), String(recent)].sort());
    expect(await ids(store, sql<{ id: unknown }>`SELECT key AS id FROM effects`))
      .toEqual(['a:recent', 'b:old-but-job-pending', `refusal:${A}:loss-r-pending:return:move_deal`].sort());
    expect(await ids(store, sql<{ id: unknown }>`SELECT id FROM distribution_decisions`)).toEqual(['2', '4']);
    expect(await ids(store, sql<{ id: unknown }>`SELECT id FROM refusal_reviews`)).toEqual(['r-pending', 'r-recent', 'r-undecided']);
    expect(oldHandled).toBeGreaterThan(0);

    // A second pass finds nothing more: what is left is inside the windows or still needed.
    expect(await pruneOnce(store.db, DEFAULT_RETENTION, NOW)).toEqual({ webhook_inbox: 0, jobs: 0, effects: 0, distribution_decisions: 0, refusal_reviews: 0 });
  });

  it('keeps an old review-task mark while its review still waits for the task, and prunes it once the task is recorded', async () => {
    const store = fixture.store();
    // A collector attempt marked these reviews' creates 60 days ago and died: whether amoCRM took the
    // create only a look in amoCRM can tell, and the mark is what makes the next collector look.
    await review(store, 'r-waiting', null, false);
    await review(store, 'r-has-task', null, false);
    await sql`UPDATE refusal_reviews SET review_task_id = 777 WHERE id = 'r-has-task'`.execute(store.db);
    await effect(store, A, 'refusals:review-task:r-waiting:started', 60);
    await effect(store, A, 'refusals:review-task:r-has-task:started', 60);
    await effect(store, A, 'refusals:review-task:r-gone:started', 60);

    const report = await pruneOnce(store.db, DEFAULT_RETENTION, NOW);

    expect(await ids(store, sql<{ id: unknown }>`SELECT key AS id FROM effects`)).toEqual(['refusals:review-task:r-waiting:started']);
    expect(report.effects).toBe(2);
  });
});
