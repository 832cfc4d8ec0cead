/**
 * Two collector jobs of one account must never create review tasks at the same time: amoCRM has no
 * idempotent create, and the effect runner reads another attempt's fresh `started` mark as a dead
 * attempt's. The test forces the overlap with a hook in the amoCRM port — an older collector, due
 * again after its back-off, runs exactly while a younger one is inside its create — so it does not
 * depend on load or timing.
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { AccountId, LeadId } from '../../src/core/brand';
import { insertJobs } from '../../src/service/jobs/queue';
import { holdCollector, releaseCollector } from '../../src/service/refusals/collector-hold';
import { COLLECT_JOB } from '../../src/service/refusals/intake';
import { forEachStore } from '../support/service-store';
import { NOW } from '../support/time';
import {
  ADMIN, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, runRetriesNow, startRefusalHarness, tasksOfLead, type RefusalHarness,
} from '../support/service-refusals';

const REVIEW_TASK_TYPE = 3012;

/** Runs the hook given to `next` (once) inside the next review-task create, before amoCRM gets it. */
function createHook() {
  let pending: (() => Promise<void>) | undefined;
  let ran = false;
  return {
    next(hook: () => Promise<void>) { pending = hook; },
    ran: () => ran,
    wrap: (amo: AmoPort): AmoPort => ({
      ...amo,
      createTasks: async (tasks) => {
        const hook = pending;
        pending = undefined;
        if (hook !== undefined) {
          await hook();
          ran = true;
        }
        return amo.createTasks(tasks);
      },
    }),
  };
}

forEachStore('refusal collectors of one account at once', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewTasksOf = async (harness: RefusalHarness, leadId: LeadId) =>
    (await tasksOfLead(harness, leadId)).filter((t) => t.taskTypeId === REVIEW_TASK_TYPE);

  it('creates one review task per loss when an older collector\'s retry runs inside a younger one\'s create', async () => {
    const insideCreate = createHook();
    let lookupFails = true;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...insideCreate.wrap(amo),
        // The first collector's lookup fails: it waits out its back-off, its losses still pending.
        listLeads: async (query) => {
          if (lookupFails) {
            lookupFails = false;
            throw new Error('simulated lookup failure');
          }
          return amo.listLeads(query);
        },
      }),
    });
    h = harness;
    const db = fixture.store().db;
    const first = await openDealOf(harness, MANAGER, 0);
    const second = await openDealOf(harness, MANAGER, 1);

    await loseAndProcess(harness, first, REASON_EXPENSIVE);
    const older = await db.selectFrom('jobs').select(['id', 'status', 'last_error']).where('type', '=', 'refusals.collect').execute();
    expect(older).toEqual([expect.objectContaining({ status: 'queued', last_error: expect.stringContaining('simulated lookup failure') })]);

    // The second loss schedules a younger collector; inside its create the older one is due again.
    insideCreate.next(async () => {
      await runRetriesNow(harness, fixture.store());
    });
    await loseAndProcess(harness, second, REASON_EXPENSIVE);
    expect(insideCreate.ran()).toBe(true);
    // Whatever was deferred meanwhile runs to its end.
    await runRetriesNow(harness, fixture.store());
    const unfinished = await db.selectFrom('jobs').select(['id', 'type', 'status', 'last_error']).where('status', '<>', 'done').execute();
    expect(unfinished).toEqual([]);

    for (const deal of [first, second]) {
      const tasks = await reviewTasksOf(harness, deal.id);
      expect(tasks, `review tasks of lead ${deal.id}`).toHaveLength(1);
      const review = await db.selectFrom('refusal_reviews').select('review_task_id').where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
      expect(Number(review.review_task_id)).toBe(tasks[0]?.id);
    }
  });

  it('creates one review task when a backfill ends inside the collector\'s create', async () => {
    const insideCreate = createHook();
    const harness = await startRefusalHarness(fixture.store(), { wrapAmo: insideCreate.wrap });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    const from = Math.floor(harness.sandbox.clock.now() / 1000) - 1;
    insideCreate.next(async () => {
      const started = await harness.app.inject({
        method: 'POST', url: '/api/v1/refusals/backfill', headers: await harness.headers(ADMIN), payload: { from, to: from + 3600 },
      });
      expect(started.statusCode).toBe(202);
      await harness.jobs.drain();
    });
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(insideCreate.ran()).toBe(true);
    await runRetriesNow(harness, fixture.store());

    const progress = await harness.app.inject({ method: 'GET', url: '/api/v1/refusals/backfill', headers: await harness.headers(ADMIN) });
    expect(progress.json()).toMatchObject({ state: 'done', done: 1 });
    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    const review = await fixture.store().db.selectFrom('refusal_reviews').select('review_task_id').where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
    expect(Number(review.review_task_id)).toBe(tasks[0]?.id);
  });

  const holdAccount = async (harness: RefusalHarness, heldUntil: 'past' | 'future') => {
    // The hold of a collector attempt that is not this test's: gone for good, or still running.
    const until = heldUntil === 'past' ? sql`now() - interval '1 minute'` : sql`now() + interval '1 minute'`;
    await sql`INSERT INTO refusal_collectors (account_id, generation, holder, held_until) VALUES (${harness.accountId}, 1, '999#1', ${until})
      ON CONFLICT (account_id) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until`.execute(fixture.store().db);
  };

  it('takes over from a collector whose job lease ran out', async () => {
    const harness = await startRefusalHarness(fixture.store());
    h = harness;
    await holdAccount(harness, 'past');
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(await reviewTasksOf(harness, deal.id)).toHaveLength(1);
    const collector = await fixture.store().db.selectFrom('refusal_collectors').select(['holder', 'held_until']).executeTakeFirstOrThrow();
    expect(collector).toEqual({ holder: null, held_until: null });
  });

  it('waits behind a collector that still holds the account, and runs once it let go', async () => {
    const harness = await startRefusalHarness(fixture.store());
    h = harness;
    await holdAccount(harness, 'future');
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(await reviewTasksOf(harness, deal.id)).toEqual([]);
    const behind = await fixture.store().db.selectFrom('jobs').select('idempotency_key').where('status', '=', 'queued').execute();
    expect(behind).toEqual([{ idempotency_key: expect.stringMatching(/^refusals\.collect:behind:/) }]);

    await sql`UPDATE refusal_collectors SET holder = NULL, held_until = NULL`.execute(fixture.store().db);
    await runRetriesNow(harness, fixture.store());
    expect(await reviewTasksOf(harness, deal.id)).toHaveLength(1);
  });

  it('gives the hold to exactly one of two collectors asking at the same moment', async () => {
    // On PostgreSQL the two upserts run on two connections at once; on PGlite one after the other.
    const db = fixture.store().db;
    const account = 31000555 as AccountId;
    const now = new Date(NOW);
    const ids = await insertJobs(db, [1, 2].map((n) => ({ accountId: account, type: COLLECT_JOB, payload: null, idempotencyKey: `hold-${n}` })), now);
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, locked_until: new Date(NOW + 60_000) }).where('id', 'in', ids).execute();
    const jobs = ids.map((id) => ({ id, attempt: 1 }));

    const held = await Promise.all(jobs.map((job) => holdCollector(db, account, job, now)));
    expect(held.filter(Boolean)).toHaveLength(1);

    const winner = jobs[held.indexOf(true)];
    const loser = jobs[held.indexOf(false)];
    if (winner === undefined || loser === undefined) throw new Error('no winner and loser');
    await releaseCollector(db, account, loser);
    expect(await holdCollector(db, account, loser, now)).toBe(false);
    await releaseCollector(db, account, winner);
    expect(await holdCollector(db, account, loser, now)).toBe(true);
  });
});
