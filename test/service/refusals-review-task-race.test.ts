/**
 * A review row has two kinds of writers: the collector's effect runner records the review task's
 * id (src/service/refusals/review-tasks.ts), and decisions and deal events save the review from
 * their own earlier read of it (moveReview). Neither may undo the other. Each test forces one
 * interleaving with a hook in the amoCRM port — the other writer runs exactly inside the window —
 * so none depends on load or timing.
 */
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { LeadId } from '../../src/core/brand';
import { crashingOnce } from '../support/service-harness';
import { forEachStore } from '../support/service-store';
import {
  HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, reviewRule, runRetriesNow, startRefusalHarness, tasksOfLead, type RefusalHarness,
} from '../support/service-refusals';

const REVIEW_TASK_TYPE = 3012;

forEachStore('refusal review rows: the task collector and a decision at once', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewOf = async (leadId: LeadId) => {
    const row = await fixture.store().db.selectFrom('refusal_reviews').select(['id', 'state', 'review', 'review_task_id', 'decided_at', 'problem'])
      .where('lead_id', '=', leadId).executeTakeFirstOrThrow();
    const review = (typeof row.review === 'string' ? JSON.parse(row.review) : row.review) as { state: string; reviewTaskId: number | null };
    return { ...row, review };
  };
  const confirm = async (harness: RefusalHarness, reviewId: string) => harness.app.inject({
    method: 'POST', url: `/api/v1/refusals/reviews/${reviewId}/confirm`, headers: await harness.headers(HEAD), payload: {},
  });
  const reviewTasksOf = async (harness: RefusalHarness, leadId: LeadId) =>
    (await tasksOfLead(harness, leadId)).filter((t) => t.taskTypeId === REVIEW_TASK_TYPE);

  it('keeps the task id the collector recorded after a decision read the review', async () => {
    // The decision reads the review, then loads amoCRM's catalogue (listLossReasons) before it saves:
    // in that window the collector's retry adopts the task an earlier attempt created and records it.
    let insideDecision: (() => Promise<void>) | undefined;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: crashingOnce(amo.createTasks),
        listLossReasons: async () => {
          const hook = insideDecision;
          insideDecision = undefined;
          await hook?.();
          return amo.listLossReasons();
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    const before = await reviewOf(deal.id);
    expect(before.review_task_id).toBeNull();

    insideDecision = async () => {
      await runRetriesNow(harness, fixture.store());
      expect(Number((await reviewOf(deal.id)).review_task_id)).toBeGreaterThan(0);
    };
    const answer = await confirm(harness, before.id);
    expect(answer.statusCode).toBe(200);
    expect(insideDecision).toBeUndefined();

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    const after = await reviewOf(deal.id);
    expect(after.state).toBe('confirmed');
    expect(Number(after.review_task_id)).toBe(tasks[0]?.id);
    // The jsonb review is the state; its copy of the id must agree with the column.
    expect(after.review.reviewTaskId).toBe(tasks[0]?.id);
  });

  it('keeps a decision made while the collector was creating the review task', async () => {
    // amoCRM has taken the create; before the collector records it, the head confirms the loss.
    let afterCreate: (() => Promise<void>) | undefined;
    const harness = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks) => {
          const created = await amo.createTasks(tasks);
          const hook = afterCreate;
          afterCreate = undefined;
          await hook?.();
          return created;
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    afterCreate = async () => {
      const { id } = await reviewOf(deal.id);
      expect((await confirm(harness, id)).statusCode).toBe(200);
    };
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(afterCreate).toBeUndefined();

    const tasks = await reviewTasksOf(harness, deal.id);
    expect(tasks).toHaveLength(1);
    const after = await reviewOf(deal.id);
    expect(after.state).toBe('confirmed');
    expect(after.review.state).toBe('confirmed');
    expect(after.decided_at).not.toBeNull();
    expect(Number(after.review_task_id)).toBe(tasks[0]?.id);
    expect(after.review.reviewTaskId).toBe(tasks[0]?.id);
  });

  it('keeps a decision made while amoCRM was refusing the review task', async () => {
    // The head confirms while the create is on its way; amoCRM then refuses the task type.
    let beforeCreate: (() => Promise<void>) | undefined;
    const harness = await startRefusalHarness(fixture.store(), {
      rules: [reviewRule({ taskTypeId: 424_242 })],
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks) => {
          const hook = beforeCreate;
          beforeCreate = undefined;
          await hook?.();
          return amo.createTasks(tasks);
        },
      }),
    });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    beforeCreate = async () => {
      const { id } = await reviewOf(deal.id);
      expect((await confirm(harness, id)).statusCode).toBe(200);
    };
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    expect(beforeCreate).toBeUndefined();

    const after = await reviewOf(deal.id);
    expect(after.state).toBe('confirmed');
    expect(after.review.state).toBe('confirmed');
    expect(after.problem).toBeNull();
  });
});
