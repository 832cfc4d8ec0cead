/**
 * Following deals after a review, from account webhooks: a returned deal won → recovered (with
 * its value when won); a deal deleted → its open reviews show `deal_deleted`. Lost again is
 * handled by the collector, which fetches the deal anyway (./collect.ts).
 *
 * Both read the reviews, ask amoCRM, then save: by then the collector or a decision may have moved
 * a review on, so each change is re-derived from the row as it is now (./repository.ts moveReviewOn).
 */
import type { AccountId, LeadId } from '../../core/brand';
import { STATUS_WON } from '../../core/brand';
import { markDealDeleted, markWon } from '../../core/refusals';
import type { RefusalDeps } from './context';
import { nowSeconds, requireAccount } from './context';
import { findReviewsOfLead, moveReviewOn } from './repository';

export async function followWin(deps: RefusalDeps, accountId: AccountId, leadId: LeadId): Promise<number> {
  const returned = (await findReviewsOfLead(deps.db, accountId, leadId)).filter((s) => s.review.state === 'returned');
  if (returned.length === 0) return 0;
  const deal = await deps.amoFor(await requireAccount(deps, accountId)).getLead(leadId);
  // Reopened again before we looked: the win no longer stands.
  if (deal === null || deal.statusId !== STATUS_WON) return 0;
  const wonAt = deal.closedAt ?? nowSeconds(deps);
  let count = 0;
  for (const { review } of returned) {
    // Lost again or deleted since our read: that change stands (a win only follows `returned`).
    const moved = await moveReviewOn(deps.db, review, (current) => {
      const next = markWon(current, wonAt, deal.price);
      return next.ok ? { review: next.value } : null;
    }, new Date(deps.clock.now()));
    if (moved !== null) count += 1;
  }
  return count;
}

export async function followDeletion(deps: RefusalDeps, accountId: AccountId, leadId: LeadId): Promise<number> {
  const deletedAt = nowSeconds(deps);
  let count = 0;
  for (const { review } of await findReviewsOfLead(deps.db, accountId, leadId)) {
    // Decided (confirmed) since our read: a final state keeps its outcome (core markDealDeleted).
    const moved = await moveReviewOn(deps.db, review, (current) => {
      const next = markDealDeleted(current, deletedAt);
      return next.ok ? { review: next.value, problem: 'deal_deleted' } : null;
    }, new Date(deps.clock.now()));
    if (moved !== null) count += 1;
  }
  return count;
}
