/**
 * A review's state has three kinds of writers besides the collector's task id: a head's decision
 * (src/service/refusals/decisions.ts), the deal events from webhooks (won, deleted:
 * src/service/refusals/lifecycle.ts) and the collector's "lost again" (src/service/refusals/collect.ts).
 * Each reads the review, talks to amoCRM, then moves the review on. None may save a state derived
 * from a read another writer has moved the row on from since. Each test forces one interleaving with
 * a hook in the amoCRM port — the other writer runs exactly inside the window — so none depends on
 * load or timing. (Orders whose window has no amoCRM call, e.g. the collector's own read-then-save,
 * are covered by the repository guard's test at the end.)
 */
import { afterEach, expect, it } from 'vitest';
import type { AmoPort } from '../../src/amo/port';
import type { LeadId, StatusId } from '../../src/core/brand';
import { STATUS_WON } from '../../src/core/brand';
import type { Review } from '../../src/core/refusals';
import { markDealDeleted, markWon } from '../../src/core/refusals';
import { findReview, moveReview } from '../../src/service/refusals/repository';
import { forEachStore } from '../support/service-store';
import {
  deliverStatusWebhook, HEAD, loseAndProcess, MANAGER, openDealOf, REASON_EXPENSIVE, startRefusalHarness, type RefusalHarness,
} from '../support/service-refusals';

type Hook = (() => Promise<void>) | undefined;

forEachStore('refusal reviews: deal events and decisions at once', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  const rowOf = async (reviewId: string) => {
    const row = await fixture.store().db.selectFrom('refusal_reviews').select(['id', 'state', 'review', 'problem', 'plan_pending', 'decided_at'])
      .where('id', '=', reviewId).executeTakeFirstOrThrow();
    const review = (typeof row.review === 'string' ? JSON.parse(row.review) : row.review) as { state: string };
    return { ...row, review };
  };
  const firstReviewOf = async (leadId: LeadId): Promise<string> => {
    const row = await fixture.store().db.selectFrom('refusal_reviews').select('id')
      .where('lead_id', '=', leadId).orderBy('lost_at').executeTakeFirstOrThrow();
    return row.id;
  };
  const decide = async (harness: RefusalHarness, reviewId: string, kind: 'confirm' | 'return') => harness.app.inject({
    method: 'POST', url: `/api/v1/refusals/reviews/${reviewId}/${kind}`, headers: await harness.headers(HEAD),
    payload: kind === 'confirm' ? {} : { advice: 'Предложите рассрочку' },
  });
  const deliverDeletion = async (harness: RefusalHarness, leadId: LeadId) => {
    await harness.jobs.enqueue({
      accountId: harness.accountId, type: 'amo.lead.delete>refusals', payload: { event: 'delete_lead', inboxId: 0, item: { id: String(leadId) } },
    });
    await harness.jobs.drain();
  };
  const winInAmo = async (harness: RefusalHarness, leadId: LeadId, from: StatusId) => {
    await harness.amo.updateLeads([{ id: leadId, statusId: STATUS_WON, price: 900_000 }]);
    await deliverStatusWebhook(harness, leadId, STATUS_WON, from);
    await harness.jobs.drain();
  };
  /** The returned deal lost again, later than the decision (the collector ignores a loss not after it). */
  const loseAgainInAmo = async (harness: RefusalHarness, deal: { id: LeadId; statusId: StatusId }) => {
    harness.sandbox.clock.advance(5_000);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
  };
  /** Calls `hook()` (once) inside `method` of the port, after amoCRM answered and before the caller sees it. */
  const hooked = <K extends 'getLead' | 'addNotes' | 'listLossReasons'>(amo: AmoPort, method: K, take: () => Hook): AmoPort => ({
    ...amo,
    [method]: async (...args: unknown[]) => {
      const answer = await (amo[method] as (...a: unknown[]) => Promise<unknown>)(...args);
      await take()?.();
      return answer;
    },
  });

  it('(a) keeps "lost again" saved while a win read the returned review: the win does not overwrite it', async () => {
    // followWin reads the returned review and fetches the deal (won); before it saves, the deal is
    // lost again and the collector marks the review so. The win's read is stale.
    let insideWin: Hook;
    const take = (): Hook => { const hook = insideWin; insideWin = undefined; return hook; };
    const harness = await startRefusalHarness(fixture.store(), { wrapAmo: (amo) => hooked(amo, 'getLead', take) });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    const reviewId = await firstReviewOf(deal.id);
    expect((await decide(harness, reviewId, 'return')).statusCode).toBe(200);
    expect((await rowOf(reviewId)).state).toBe('returned');

    insideWin = async () => {
      await loseAgainInAmo(harness, deal);
      expect((await rowOf(reviewId)).state).toBe('lost_again');
    };
    await winInAmo(harness, deal.id, deal.statusId);
    expect(insideWin).toBeUndefined();

    const after = await rowOf(reviewId);
    expect(after.state).toBe('lost_again');
    expect(after.review.state).toBe('lost_again');
  });

  it('(b) answers 409 to a decision the deal\'s deletion overtook, and keeps the deletion', async () => {
    // The decision has read the review and loads amoCRM's catalogue (listLossReasons) before it saves:
    // in that window the deal is deleted.
    let insideDecision: Hook;
    const take = (): Hook => { const hook = insideDecision; insideDecision = undefined; return hook; };
    const harness = await startRefusalHarness(fixture.store(), { wrapAmo: (amo) => hooked(amo, 'listLossReasons', take) });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    const reviewId = await firstReviewOf(deal.id);

    insideDecision = async () => {
      await deliverDeletion(harness, deal.id);
      expect((await rowOf(reviewId)).state).toBe('deal_deleted');
    };
    const answer = await decide(harness, reviewId, 'confirm');
    expect(insideDecision).toBeUndefined();

    const after = await rowOf(reviewId);
    expect(after.state).toBe('deal_deleted');
    expect(after.review.state).toBe('deal_deleted');
    expect(after.problem).toBe('deal_deleted');
    expect(after.decided_at).toBeNull();
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toMatchObject({ error: 'invalid_transition' });
  });

  const eventsWhileThePlanRuns: Array<{
    name: string; state: string; problem?: string | null;
    happen(harness: RefusalHarness, deal: { id: LeadId; statusId: StatusId }): Promise<void>;
  }> = [
    { name: 'a deletion', state: 'deal_deleted', problem: 'deal_deleted', happen: (harness, deal) => deliverDeletion(harness, deal.id) },
    { name: 'a win', state: 'recovered', problem: null, happen: (harness, deal) => winInAmo(harness, deal.id, deal.statusId) },
    { name: 'lost again', state: 'lost_again', happen: loseAgainInAmo },
  ];
  it.each(eventsWhileThePlanRuns)('(c) keeps $name that came while a return decision was running its plan', async (event) => {
    let insidePlan: Hook;
    const take = (): Hook => { const hook = insidePlan; insidePlan = undefined; return hook; };
    const harness = await startRefusalHarness(fixture.store(), { wrapAmo: (amo) => hooked(amo, 'addNotes', take) });
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    const reviewId = await firstReviewOf(deal.id);

    insidePlan = async () => {
      await event.happen(harness, deal);
      expect((await rowOf(reviewId)).state).toBe(event.state);
    };
    const answer = await decide(harness, reviewId, 'return');
    expect(insidePlan).toBeUndefined();
    expect(answer.statusCode).toBe(200);

    const after = await rowOf(reviewId);
    expect(after.state).toBe(event.state);
    expect(after.review.state).toBe(event.state);
    if (event.problem !== undefined) expect(after.problem).toBe(event.problem);
    expect(after.plan_pending).toBe(false);
  });

  it('saves a state change only from the row as it was read: a stale read changes nothing', async () => {
    // The orders no port hook can force (a deletion or the collector reads, then another writer saves):
    // the guard every writer saves through.
    const harness = await startRefusalHarness(fixture.store());
    h = harness;
    const deal = await openDealOf(harness, MANAGER);
    await loseAndProcess(harness, deal, REASON_EXPENSIVE);
    const reviewId = await firstReviewOf(deal.id);
    expect((await decide(harness, reviewId, 'return')).statusCode).toBe(200);
    const { db } = fixture.store();
    const read = (await findReview(db, harness.accountId, reviewId))?.review as Review;
    const won = markWon(read, read.lostAt, 1);
    const deleted = markDealDeleted(read, read.lostAt);
    if (!won.ok || !deleted.ok) throw new Error('a returned review can be won and deleted');

    expect(await moveReview(db, read, won.value, new Date())).toBe(true);
    expect(await moveReview(db, read, deleted.value, new Date(), { problem: 'deal_deleted' })).toBe(false);
    const after = await rowOf(reviewId);
    expect(after.state).toBe('recovered');
    expect(after.review.state).toBe('recovered');
    expect(after.problem).toBeNull();
  });
});
