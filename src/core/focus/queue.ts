/**
 * The focus queue: a manager's matching deals in the admin's order, plus a reason for every deal
 * left out (shown to admins tuning a filter, and in tests). Ordering is a decorate-sort with the
 * input index as the last key, so ties keep amoCRM's order and the result is deterministic.
 */
import { toEpochMs, type LeadId, type PipelineId, type StatusId, type UserId } from '../brand';
import type { Deal } from '../domain';
import type { DealTaskState, FocusFilter, FocusOrderKey } from './filter';
import {
  deriveExclusion, deriveStageEntry, deriveTaskState, type ExclusionReason, type FocusContext,
} from './eligibility';

interface FocusQueueItem {
  readonly deal: Deal;
  readonly taskState: DealTaskState;
  readonly daysInStage: number;
  /** False when days in stage is a lower bound (no status-change event known, see deriveStageEntry). */
  readonly daysInStageIsExact: boolean;
}

export interface FocusQueue {
  readonly items: readonly FocusQueueItem[];
  readonly excluded: ReadonlyArray<{ readonly dealId: LeadId; readonly reason: ExclusionReason }>;
}

const DAY_MS = 86_400_000;

interface Decorated { item: FocusQueueItem; enteredAtMs: number; index: number }

/** Each key maps a deal to a number where smaller sorts first. */
const orderKeyValue: Record<FocusOrderKey, (entry: Decorated) => number> = {
  overdue_task: ({ item }) => (item.taskState === 'overdue' ? 0 : 1),
  no_task: ({ item }) => (item.taskState === 'none' ? 0 : 1),
  due_today: ({ item }) => (item.taskState === 'due_today' ? 0 : 1),
  value: ({ item }) => -item.deal.price,
  // Earlier entry = longer in stage; the exact instant breaks ties that whole days would not.
  days_in_stage: ({ enteredAtMs }) => enteredAtMs,
};

function compareBy(order: readonly FocusOrderKey[]): (a: Decorated, b: Decorated) => number {
  const keys = order.map((key) => orderKeyValue[key]);
  return (a, b) => {
    for (const key of keys) {
      const difference = key(a) - key(b);
      if (difference !== 0) return difference;
    }
    return a.index - b.index;
  };
}

export function selectFocusQueue(
  deals: readonly Deal[], filter: FocusFilter, managerId: UserId, ctx: FocusContext,
): FocusQueue {
  const eligible: Decorated[] = [];
  const excluded: Array<{ dealId: LeadId; reason: ExclusionReason }> = [];
  deals.forEach((deal, index) => {
    const reason = deriveExclusion(deal, filter, managerId, ctx);
    if (reason) {
      excluded.push({ dealId: deal.id, reason });
      return;
    }
    const entry = deriveStageEntry(deal, ctx.stageHistory);
    const enteredAtMs = toEpochMs(entry.at);
    const item: FocusQueueItem = {
      deal,
      taskState: deriveTaskState(deal.closestTaskAt, ctx.now, ctx.timezone),
      daysInStage: Math.max(0, Math.floor((ctx.now - enteredAtMs) / DAY_MS)),
      daysInStageIsExact: entry.exact,
    };
    eligible.push({ item, enteredAtMs, index });
  });
  eligible.sort(compareBy(filter.order));
  return { items: eligible.map((entry) => entry.item), excluded };
}

export interface StageCount { readonly pipelineId: PipelineId; readonly statusId: StatusId; readonly count: number }

/** "N deals ready", per stage, for the launcher; stages in first-seen queue order. */
export function selectReadyCountsByStage(queue: FocusQueue): StageCount[] {
  const counts = new Map<string, { pipelineId: PipelineId; statusId: StatusId; count: number }>();
  for (const { deal } of queue.items) {
    const key = `${deal.pipelineId}:${deal.statusId}`;
    const entry = counts.get(key) ?? { pipelineId: deal.pipelineId, statusId: deal.statusId, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
