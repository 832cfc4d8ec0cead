/**
 * The review list's sorting and paging: every page is a slice of one order computed by the store,
 * never a page re-sorted on its own (which gives each page the right rows in the wrong place and
 * the wrong rows on every page).
 */
import { afterEach, expect, it } from 'vitest';
import type { AccountId, LeadId, PipelineId, UnixSeconds, UserId } from '../../src/core/brand';
import type { LossEventKey } from '../../src/core/refusals/loss-event';
import { openReview, type ReviewId } from '../../src/core/refusals';
import type { RefusalRuleId } from '../../src/core/refusals/rule';
import type { ReviewListResponse } from '../../src/contract/refusals';
import { insertReviews } from '../../src/service/refusals/repository';
import { forEachStore } from '../support/service-store';
import { ADMIN, HEAD, MANAGER, PIPELINE, startRefusalHarness, type RefusalHarness } from '../support/service-refusals';

const T0 = 1_790_000_000;
const HOUR = 3600;

forEachStore('refusal review list', (fixture) => {
  let h: RefusalHarness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  /** Six reviews whose due times run against their loss times, so the two orders differ everywhere. */
  async function seedSixReviews(harness: RefusalHarness): Promise<Array<{ leadId: LeadId; dueAt: number }>> {
    const seeds = [0, 1, 2, 3, 4, 5].map((i) => ({
      leadId: (8_800_000 + i) as LeadId,
      lostAt: (T0 + i * HOUR) as UnixSeconds,
      // Due order: 3, 0, 4, 1, 5, 2 — neither the loss order nor its reverse.
      dueAt: (T0 + 100 * HOUR + [1, 3, 5, 0, 2, 4][i]! * HOUR) as UnixSeconds,
    }));
    await insertReviews(fixture.store().db, seeds.map(({ leadId, lostAt, dueAt }) => ({
      review: openReview({
        id: `review-${leadId}` as ReviewId, accountId: harness.accountId as AccountId, leadId,
        lossEventKey: `loss-${leadId}` as LossEventKey, ruleId: 'all-losses' as RefusalRuleId, managerId: MANAGER,
        managerReasonId: null, value: 1000, pipelineId: PIPELINE as PipelineId, lostFromStatusId: null,
        lostAt, createdAt: lostAt, reviewerId: HEAD as UserId, reviewTaskId: null, dueAt,
      }),
      leadName: `Сделка ${leadId}`, managerGroupId: null, taskRequest: null, problem: null,
    })), new Date());
    return seeds;
  }

  const page = async (harness: RefusalHarness, query: string): Promise<LeadId[]> => {
    const answer = await harness.app.inject({
      method: 'GET', url: `/api/v1/refusals/reviews${query}`, headers: await harness.headers(ADMIN),
    });
    expect(answer.statusCode).toBe(200);
    return (answer.json() as ReviewListResponse).items.map((item) => item.leadId as LeadId);
  };

  it.each(['asc', 'desc'] as const)('pages through reviews sorted by due time (%s) as one order', async (order) => {
    h = await startRefusalHarness(fixture.store());
    const seeds = await seedSixReviews(h);
    const pages = [
      await page(h, `?sort=due_at&order=${order}&limit=2&offset=0`),
      await page(h, `?sort=due_at&order=${order}&limit=2&offset=2`),
      await page(h, `?sort=due_at&order=${order}&limit=2&offset=4`),
    ];
    const byDue = [...seeds].sort((a, b) => (order === 'asc' ? a.dueAt - b.dueAt : b.dueAt - a.dueAt)).map((s) => s.leadId);
    expect(pages).toEqual([byDue.slice(0, 2), byDue.slice(2, 4), byDue.slice(4, 6)]);
  });

  it('still pages by loss time when asked to', async () => {
    h = await startRefusalHarness(fixture.store());
    const seeds = await seedSixReviews(h);
    const first = await page(h, '?sort=lost_at&order=asc&limit=3&offset=0');
    expect(first).toEqual(seeds.slice(0, 3).map((s) => s.leadId));
  });
});
