/**
 * Following deals after a review, from account webhooks: a returned deal won → recovered (with
 * its value when won); a deal deleted → its open reviews show `deal_deleted`. Lost again is
 * handled by the collector, which fetches the deal anyway (./collect.ts).
 */
import type { AccountId, LeadId } from '../../core/brand';
import { STATUS_WON } from '../../core/brand';
import { markDealDeleted, markWon } from '../../core/refusals';
import type { RefusalDeps } from './context';
import { nowSeconds, requireAccount } from './context';
import { findReviewsOfLead, saveReview } from './repository';

export async function followWin(deps: RefusalDeps, accountId: AccountId, leadId: LeadId): Promise<number> {
  const returned = (await findReviewsOfLead(deps.db, accountId, leadId)).filter((s) => s.review.state === 'returned');
  if (returned.length === 0) return 0;
  const deal = await deps.amoFor(await requireAccount(deps, accountId)).getLead(leadId);
  // Reopened again before we looked: the win no longer stands.
  if (deal === null || deal.statusId !== STATUS_WON) return 0;
  let count = 0;
  for (const { review } of returned) {
    const next = markWon(review, deal.closedAt ?? nowSeconds(deps), deal.price);
    if (!next.ok) continue;
    await saveReview(deps.db, next.value, new Date(deps.clock.now()));
    count += 1;
  }
  return count;
}

export async function followDeletion(deps: RefusalDeps, accountId: AccountId, leadId: LeadId): Promise<number> {
  let count = 0;
  for (const { review } of await findReviewsOfLead(deps.db, accountId, leadId)) {
    const next = markDealDeleted(review, nowSeconds(deps));
    if (!next.ok) continue;
    await saveReview(deps.db, next.value, new Date(deps.clock.now()), { problem: 'deal_deleted' });
    count += 1;
  }
  return count;
}
