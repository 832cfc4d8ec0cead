/**
 * Control lists: deals stuck in a stage too long, and deals whose next step is too far away.
 * "Stuck" is measured from the date the deal ENTERED its stage (from status changes), not from
 * its last edit — an "invoice sent" deal with a task for tomorrow can still be two months old.
 */
import type { StatusId, UnixSeconds } from '../brand';
import type { Deal, StatusChange } from '../domain';
import { isOpenDeal } from './manager-metrics';
import { computeDaysSince, groupChangesByLead, selectEnteredCurrentStageAt } from './stage-path';

export interface StuckDeal { deal: Deal; enteredAt: UnixSeconds; daysInStage: number; limitDays: number }

/** Stages without a limit are not checked. Longest overdue (days beyond the limit) first. */
export function selectStuckDeals(
  deals: readonly Deal[], changes: readonly StatusChange[], limits: ReadonlyMap<StatusId, number>, now: UnixSeconds,
): StuckDeal[] {
  const byLead = groupChangesByLead(changes);
  const stuck: StuckDeal[] = [];
  for (const deal of deals) {
    const limitDays = limits.get(deal.statusId);
    if (limitDays === undefined || !isOpenDeal(deal)) continue;
    const enteredAt = selectEnteredCurrentStageAt(deal, byLead.get(deal.id) ?? []);
    const daysInStage = computeDaysSince(enteredAt, now);
    if (daysInStage > limitDays) stuck.push({ deal, enteredAt, daysInStage, limitDays });
  }
  return stuck.sort((a, b) => b.daysInStage - b.limitDays - (a.daysInStage - a.limitDays));
}

export interface DistantTaskDeal { deal: Deal; nextTaskAt: UnixSeconds; daysAway: number }

/**
 * Open deals whose nearest task is more than `maxDays` ahead. Deals with no task are a separate
 * list (`hasNoTask`), not "infinitely far".
 */
export function selectDealsWithDistantNextTask(deals: readonly Deal[], maxDays: number, now: UnixSeconds): DistantTaskDeal[] {
  const result: DistantTaskDeal[] = [];
  for (const deal of deals) {
    if (!isOpenDeal(deal) || deal.closestTaskAt === null) continue;
    const daysAway = (deal.closestTaskAt - now) / 86_400;
    if (daysAway > maxDays) result.push({ deal, nextTaskAt: deal.closestTaskAt, daysAway });
  }
  return result.sort((a, b) => b.daysAway - a.daysAway);
}
