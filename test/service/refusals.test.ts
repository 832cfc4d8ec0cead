import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { LeadId, UserId } from '../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../src/core/brand';
import type { ByLeadResponse, OutcomesResponse, ReviewListResponse } from '../../src/contract/refusals';
import { forEachStore } from '../support/service-store';
import {
  ADMIN, deliverStatusWebhook, GROUP, HEAD, loseAndProcess, loseDeal, MANAGER, openDealOf, REASON_EXPENSIVE, reviewRule,
  startRefusalHarness, tasksOfLead, type RefusalHarness,
} from '../support/service-refusals';

forEachStore('refusal control service', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const reviewsOf = async (harness: RefusalHarness, leadId: LeadId) => {
    const rows = await fixture.store().db.selectFrom('refusal_reviews').select(['id', 'state', 'review_task_id', 'problem'])
      .where('lead_id', '=', leadId).orderBy('lost_at').execute();
    return rows;
  };
  const list = async (harness: RefusalHarness, userId: number, query = '') =>
    harness.app.inject({ method: 'GET', url: `/api/v1/refusals/reviews${query}`, headers: await harness.headers(userId) });

  it('creates one review task for the group head however often the same status webhook is delivered', async () => {
    h = await startRefusalHarness(fixture.store());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    await deliverStatusWebhook(h, deal.id, STATUS_LOST, deal.statusId);
    await deliverStatusWebhook(h, deal.id, STATUS_LOST, deal.statusId);
    await h.jobs.drain();

    const reviewTasks = (await tasksOfLead(h, deal.id)).filter((t) => t.taskTypeId === 3012 && !t.isCompleted);
    expect(reviewTasks).toHaveLength(1);
    expect(reviewTasks[0]?.responsibleUserId).toBe(HEAD);
    expect(reviewTasks[0]?.text).toContain('Дорого');
    const reviews = await reviewsOf(h, deal.id);
    expect(reviews).toHaveLength(1);
    expect(Number(reviews[0]?.review_task_id)).toBe(reviewTasks[0]?.id);
  });

  it('looks many losses up together: lead fetches of 250 ids and task creates of 50', async () => {
    h = await startRefusalHarness(fixture.store());
    const open = (await h.amo.listLeads({})).filter((d) => d.statusId !== STATUS_LOST && d.statusId !== STATUS_WON);
    expect(open.length).toBeGreaterThan(3);
    await h.amo.updateLeads(open.map((d) => ({ id: d.id, statusId: STATUS_LOST, lossReasonId: REASON_EXPENSIVE })));
    for (const deal of open) await deliverStatusWebhook(h, deal.id, STATUS_LOST, deal.statusId);
    const before = h.sandbox.requests().length;
    await h.jobs.drain();
    const calls = h.sandbox.requests().slice(before).filter((r) => r.path.startsWith('/api/v4/'));
    const leadFetches = calls.filter((r) => r.method === 'GET' && r.path === '/api/v4/leads');
    const taskCreates = calls.filter((r) => r.method === 'POST' && r.path === '/api/v4/tasks');
    // On PostgreSQL jobs run in parallel: a collection may start while the last status jobs are
    // still recording, and a second one picks up the rest — never one request per deal.
    expect(leadFetches.length).toBeGreaterThanOrEqual(Math.ceil(open.length / 250));
    expect(leadFetches.length).toBeLessThanOrEqual(Math.ceil(open.length / 250) + 1);
    expect(taskCreates.length).toBeLessThanOrEqual(Math.ceil(open.length / 50) + 1);
    expect(Math.max(...taskCreates.map((r) => r.elements))).toBeLessThanOrEqual(50);
    expect(taskCreates.reduce((sum, r) => sum + r.elements, 0)).toBe(open.length);
  });

  it('gives a deal reopened and lost again a second review', async () => {
    h = await startRefusalHarness(fixture.store());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    await h.amo.updateLeads([{ id: deal.id, statusId: deal.statusId }]);
    h.sandbox.clock.advance(5_000);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    expect(await reviewsOf(h, deal.id)).toHaveLength(2);
  });

  it('keeps problems visible: a missing reason, no active reviewer, a deleted deal', async () => {
    h = await startRefusalHarness(fixture.store(), {
      rules: [reviewRule({ groupReviewers: [{ groupId: GROUP, reviewerId: 9_999_999 }], fallbackReviewerId: null, managerIds: [9100004] }), reviewRule({ id: 'rest' })],
    });
    const noReason = await openDealOf(h, MANAGER);
    const noReviewer = await openDealOf(h, 9100004 as UserId);
    await loseDeal(h, noReason.id, null);
    await loseDeal(h, noReviewer.id, REASON_EXPENSIVE);
    await deliverStatusWebhook(h, noReason.id, STATUS_LOST, noReason.statusId);
    await deliverStatusWebhook(h, noReviewer.id, STATUS_LOST, noReviewer.statusId);
    await h.jobs.drain();
    expect((await reviewsOf(h, noReason.id))[0]?.state).toBe('reason_missing');
    const [inactive] = await reviewsOf(h, noReviewer.id);
    expect(inactive?.state).toBe('reviewer_inactive');
    expect(inactive?.problem).toBe('no_reviewer:head_removed');

    await h.jobs.enqueue({ accountId: h.accountId, type: 'amo.lead.delete>refusals', payload: { event: 'delete_lead', inboxId: 0, item: { id: String(noReason.id) } } });
    await h.jobs.drain();
    expect((await reviewsOf(h, noReason.id))[0]?.state).toBe('deal_deleted');

    const problems = await list(h, ADMIN, '?state=problems');
    expect((problems.json() as ReviewListResponse).items.map((i) => i.leadId).sort()).toEqual([noReason.id, noReviewer.id].sort());
  });

  it('refuses managers (403) and shows heads their group\'s reviews', async () => {
    h = await startRefusalHarness(fixture.store());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const [review] = await reviewsOf(h, deal.id);
    expect((await list(h, MANAGER)).statusCode).toBe(403);
    const confirm = await h.app.inject({ method: 'POST', url: `/api/v1/refusals/reviews/${review?.id}/confirm`, headers: await h.headers(MANAGER), payload: {} });
    expect(confirm.statusCode).toBe(403);
    // Heads come from our configuration, not amoCRM's rights: the other group's head is not configured here.
    const unconfiguredHead = await list(h, 9100005);
    expect(unconfiguredHead.statusCode).toBe(403);
    const mine = (await list(h, HEAD)).json() as ReviewListResponse;
    expect(mine.items.map((i) => i.leadId)).toEqual([deal.id]);
    expect(mine.counts.pending).toBe(1);
  });

  it('confirms a loss: the review task is completed with a result', async () => {
    h = await startRefusalHarness(fixture.store());
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const [review] = await reviewsOf(h, deal.id);
    const answer = await h.app.inject({
      method: 'POST', url: `/api/v1/refusals/reviews/${review?.id}/confirm`, headers: await h.headers(HEAD),
      payload: { correctedReasonId: 3010002, comment: 'Ушли к конкуренту' },
    });
    expect(answer.statusCode).toBe(200);
    const task = (await tasksOfLead(h, deal.id)).find((t) => t.id === Number(review?.review_task_id));
    expect(task?.isCompleted).toBe(true);
    expect((await reviewsOf(h, deal.id))[0]?.state).toBe('confirmed');
  });

  it('returns a deal safely across a crash between steps, then counts it recovered when won', async () => {
    let crashAfterTask = true;
    h = await startRefusalHarness(fixture.store(), {
      wrapAmo: (amo: AmoPort): AmoPort => ({
        ...amo,
        createTasks: async (tasks) => {
          const created = await amo.createTasks(tasks);
          // The task exists in amoCRM, but the service "dies" before it records that.
          if (crashAfterTask && tasks.some((t) => t.requestId?.includes(':return:') === true)) {
            crashAfterTask = false;
            throw new Error('simulated crash');
          }
          return created;
        },
      }),
    });
    const deal = await openDealOf(h, MANAGER);
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const [review] = await reviewsOf(h, deal.id);
    const url = `/api/v1/refusals/reviews/${review?.id}/return`;
    const body = { advice: 'Предложите рассрочку на 3 месяца' };
    const first = await h.app.inject({ method: 'POST', url, headers: await h.headers(HEAD), payload: body });
    expect(first.statusCode).toBe(502);
    const second = await h.app.inject({ method: 'POST', url, headers: await h.headers(HEAD), payload: body });
    expect(second.statusCode).toBe(200);

    const lead = await h.amo.getLead(deal.id);
    expect(lead?.statusId).toBe(deal.statusId);
    expect(lead?.responsibleUserId).toBe(MANAGER);
    const notes = (await h.amo.listNotes(deal.id)).filter((n) => n.text === body.advice);
    expect(notes).toHaveLength(1);
    const tasks = await tasksOfLead(h, deal.id);
    expect(tasks.filter((t) => t.text === body.advice && t.responsibleUserId === MANAGER)).toHaveLength(1);
    expect(tasks.find((t) => t.id === Number(review?.review_task_id))?.isCompleted).toBe(true);

    const advice = await h.app.inject({ method: 'GET', url: `/api/v1/refusals/by-lead/${deal.id}`, headers: await h.headers(MANAGER) });
    expect(advice.json() as ByLeadResponse).toMatchObject({ kind: 'advice', advice: body.advice });

    await h.amo.updateLeads([{ id: deal.id, statusId: STATUS_WON, price: 900_000 }]);
    await deliverStatusWebhook(h, deal.id, STATUS_WON, deal.statusId);
    await h.jobs.drain();
    const nowSec = Math.floor(Date.now() / 1000);
    const outcomes = await h.app.inject({ method: 'GET', url: `/api/v1/refusals/outcomes?from=${nowSec - 3600}&to=${nowSec + 3600}`, headers: await h.headers(HEAD) });
    const result = outcomes.json() as OutcomesResponse;
    expect(result.totals).toMatchObject({ reviewed: 1, returned: 1, recovered: 1, recoveredValue: 900_000, returnRate: 1 });
  });

  it('answers the backfill progress before any backfill with 200 "idle", not a 404 logged on every opening of the tab', async () => {
    h = await startRefusalHarness(fixture.store());
    const progress = await h.app.inject({ method: 'GET', url: '/api/v1/refusals/backfill', headers: await h.headers(ADMIN) });
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).toMatchObject({ state: 'idle', done: 0, total: 0 });
  });

  it('backfills a period without duplicating reviews made from webhooks', async () => {
    h = await startRefusalHarness(fixture.store());
    const deal = await openDealOf(h, MANAGER);
    const startSec = Math.floor(h.sandbox.clock.now() / 1000) - 1;
    await loseAndProcess(h, deal, REASON_EXPENSIVE);
    const other = await openDealOf(h, MANAGER);
    await loseDeal(h, other.id, REASON_EXPENSIVE);
    const started = await h.app.inject({
      method: 'POST', url: '/api/v1/refusals/backfill', headers: await h.headers(ADMIN), payload: { from: startSec, to: startSec + 3600 },
    });
    expect(started.statusCode).toBe(202);
    await h.jobs.drain();
    const progress = await h.app.inject({ method: 'GET', url: '/api/v1/refusals/backfill', headers: await h.headers(HEAD) });
    expect(progress.json()).toMatchObject({ state: 'done', done: 2, created: 1 });
    expect(await reviewsOf(h, deal.id)).toHaveLength(1);
    expect(await reviewsOf(h, other.id)).toHaveLength(1);
    expect((await tasksOfLead(h, deal.id)).filter((t) => t.taskTypeId === 3012)).toHaveLength(1);
  });
});
