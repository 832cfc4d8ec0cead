/**
 * The manager's queue from REST v4 with their own session: one lead list filtered by
 * `filter[statuses]` + `filter[responsible_user_id]` at limit=250 (1,000 deals = 4 requests), task
 * state from `closest_task_at`. Nothing per deal, no events: days in stage is then a lower bound
 * (core deriveStageEntry), which keeps "minimum days in stage" from admitting fresh arrivals.
 */
import type { EpochMs, LeadId, UserId } from '../../../core/brand';
import { deriveLeadQuery, selectFocusQueue, selectReadyCountsByStage, type FocusFilter, type FocusQueue, type StageCount } from '../../../core/focus';
import type { AmoHttp } from '../../../amo/http';
import { listLeads } from '../../../amo/leads';

export interface QueueContext {
  readonly managerId: UserId;
  readonly timezone: string;
  readonly snoozed: ReadonlyMap<LeadId, EpochMs>;
  readonly now: EpochMs;
}

export interface LoadedQueue {
  readonly queue: FocusQueue;
  readonly byStage: readonly StageCount[];
  readonly at: EpochMs;
}

export async function loadQueue(amo: AmoHttp, filter: FocusFilter, ctx: QueueContext, signal?: AbortSignal): Promise<LoadedQueue> {
  const deals = await listLeads(amo, deriveLeadQuery(filter, ctx.managerId), signal);
  const queue = selectFocusQueue(deals, filter, ctx.managerId, { now: ctx.now, timezone: ctx.timezone, snoozedUntil: ctx.snoozed });
  return { queue, byStage: selectReadyCountsByStage(queue), at: ctx.now };
}
