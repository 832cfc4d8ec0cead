/**
 * The one effect runner (src/service/jobs/amo-effects.ts) across a crash in its narrowest window:
 * amoCRM accepted the write, then the service died before recording it. The retry must find what
 * amoCRM already has instead of writing again — for a refusal review task (a create, which amoCRM
 * cannot make idempotent) and for a distribution assignment (a PATCH) alike.
 */
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { AmoClient } from '../../src/amo/client';
import { runBatch } from '../../src/service/distribution/engine';
import { addPending } from '../../src/service/distribution/repository';
import {
  ACCOUNT, configure, createLeads, decisionsOf, dpPending, engineDeps, pool, responsibleOf, startWorld, type World,
} from '../support/service-distribution';
import { crashingOnce } from '../support/service-harness';
import { forEachStore } from '../support/service-store';
import {
  HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, reviewRule, runRetriesNow, startRefusalHarness, tasksOfLead, type RefusalHarness,
} from '../support/service-refusals';

forEachStore('amoCRM effects across a crash between the write and its record', (fixture) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step(); });

  it('creates one review task in amoCRM when the collector dies after the create', async () => {
    const h: RefusalHarness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({ ...amo, createTasks: crashingOnce(amo.createTasks) }),
    });
    cleanup.push(() => h.close());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const failed = await fixture.store().db.selectFrom('jobs').select(['type', 'last_error']).where('status', '=', 'queued').execute();
    expect(failed).toEqual([expect.objectContaining({ last_error: expect.stringContaining('simulated crash') })]);

    // The retry, due now instead of after its back-off.
    await runRetriesNow(h, fixture.store());
    // The retry ran to its end (not left queued, failed again or deferred): a failure names its cause here.
    const unfinished = await fixture.store().db.selectFrom('jobs').select(['type', 'status', 'last_error']).where('status', '<>', 'done').execute();
    expect(unfinished).toEqual([]);

    const reviewTasks = (await tasksOfLead(h, deal.id)).filter((t) => t.taskTypeId === 3012);
    expect(reviewTasks).toHaveLength(1);
    expect(reviewTasks[0]?.responsibleUserId).toBe(HEAD);
    const review = await fixture.store().db.selectFrom('refusal_reviews').select('review_task_id').where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
    expect(Number(review.review_task_id)).toBe(reviewTasks[0]?.id);
  });

  it('keeps a review task amoCRM refuses as a visible problem, and records no outcome', async () => {
    const h = await startRefusalHarness(fixture.store(), { rules: [reviewRule({ taskTypeId: 424_242 })] });
    cleanup.push(() => h.close());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);

    const review = await fixture.store().db.selectFrom('refusal_reviews').select(['id', 'review_task_id', 'problem']).where('lead_id', '=', deal.id).executeTakeFirstOrThrow();
    expect(review.review_task_id).toBeNull();
    expect(review.problem).toMatch(/^task_rejected: /);
    expect((await tasksOfLead(h, deal.id)).filter((t) => t.taskTypeId === 424_242)).toEqual([]);
    const ledger = await fixture.store().db.selectFrom('effects').select('key').where('key', 'like', `%${review.id}%`).execute();
    expect(ledger.map((row) => row.key)).toEqual([`refusals:review-task:${review.id}:started`]);
  });

  it('sends one assignment PATCH to amoCRM when the batch dies after the PATCH', async () => {
    const world: World = await startWorld();
    cleanup.push(() => world.sb.close());
    const db = fixture.store().db;
    await configure(db, { pools: [pool(world)] });
    const [lead] = await createLeads(world, [{}]);
    if (lead === undefined) throw new Error('no lead created');
    await addPending(db, ACCOUNT, dpPending(world, [lead]));
    const crashing: AmoClient = { ...world.amo, updateLeads: crashingOnce(world.amo.updateLeads) };
    await expect(runBatch({ ...engineDeps(world, db), amo: crashing }, ACCOUNT, 'first')).rejects.toThrow('simulated crash');

    await runBatch(engineDeps(world, db), ACCOUNT, 'retry');

    const patches = world.sb.requests().filter((entry) => entry.method === 'PATCH' && entry.path === '/api/v4/leads');
    expect(patches).toHaveLength(1);
    expect(await responsibleOf(world, [lead])).toEqual([world.managers[0]]);
    const [decision] = await decisionsOf(db);
    expect(decision).toMatchObject({ kind: 'assigned', user_id: world.managers[0] });
    expect(decision?.applied_at).not.toBeNull();
  });
});
