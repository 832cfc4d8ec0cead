/**
 * Where deals are lost: the stage a deal was lost from × its loss reason, over deals currently
 * in "closed – lost" and closed in the period. A deal reopened and won since is not a loss.
 */
import type { LossReasonId, StatusId, UnixSeconds, UserId } from '../brand';
import { STATUS_LOST } from '../brand';
import type { Deal, StatusChange } from '../domain';
import { deriveDealTrack } from './funnel';

export interface Period { from: UnixSeconds; to: UnixSeconds }

export interface LossCell {
  /** Null when the history does not show the stage (e.g. created as lost, or events expired). */
  lostFromStatusId: StatusId | null;
  reasonId: LossReasonId | null;
  count: number;
  value: number;
}

const isLostIn = (deal: Deal, period: Period): boolean =>
  deal.statusId === STATUS_LOST && deal.closedAt !== null && deal.closedAt >= period.from && deal.closedAt < period.to;

export function computeLossesByStageAndReason(deals: readonly Deal[], changes: readonly StatusChange[], period: Period): LossCell[] {
  const cells = new Map<string, LossCell>();
  for (const deal of deals) {
    if (!isLostIn(deal, period)) continue;
    const lostFromStatusId = deriveDealTrack(deal, changes).lostFrom;
    const key = `${lostFromStatusId ?? ''}|${deal.lossReasonId ?? ''}`;
    const cell = cells.get(key) ?? { lostFromStatusId, reasonId: deal.lossReasonId, count: 0, value: 0 };
    cell.count += 1;
    cell.value += deal.price;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => b.count - a.count || b.value - a.value);
}

export interface ReasonCount { reasonId: LossReasonId | null; count: number; value: number }

export function computeLossesByReason(deals: readonly Deal[], period: Period, managerId?: UserId): ReasonCount[] {
  const counts = new Map<LossReasonId | null, ReasonCount>();
  for (const deal of deals) {
    if (!isLostIn(deal, period) || (managerId !== undefined && deal.responsibleUserId !== managerId)) continue;
    const row = counts.get(deal.lossReasonId) ?? { reasonId: deal.lossReasonId, count: 0, value: 0 };
    row.count += 1;
    row.value += deal.price;
    counts.set(deal.lossReasonId, row);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
