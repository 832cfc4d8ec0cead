/**
 * One deal right before it is shown and right after it was worked: a fresh GET (the queue was read
 * once, at Start), checked with the core rules. Only this deal is fetched — never the whole queue:
 * its lead, its status history (days in stage) and, when needed, its open tasks.
 */
import { toEpochMs, type EpochMs, type LeadId, type UserId } from '../../../core/brand';
import type { Deal, Note, Task } from '../../../core/domain';
import {
  deriveStageEntry, deriveStageHistory, deriveTaskState, deriveWorkOutcome, isWorked, recheckDeal,
  type DealTaskState, type FocusFilter, type RecheckResult, type StageHistory,
} from '../../../core/focus';
import type { WidgetAmoPort } from '../../../amo/port';

const DAY_MS = 86_400_000;

export interface ShownDeal {
  /** The deal as it was when shown: "worked" is judged against this copy. */
  readonly deal: Deal;
  readonly taskState: DealTaskState;
  readonly daysInStage: number;
  /** False: days in stage is a lower bound (the deal's status history could not be read). */
  readonly daysInStageIsExact: boolean;
}

type DropReason = Exclude<RecheckResult, { kind: 'still_matches' }> | { readonly kind: 'gone' };

export interface DroppedDeal { readonly dealId: LeadId; readonly name: string | null; readonly reason: DropReason }

export interface CheckContext {
  readonly filter: FocusFilter;
  readonly managerId: UserId;
  readonly timezone: string;
  readonly snoozed: ReadonlyMap<LeadId, EpochMs>;
  readonly now: EpochMs;
}

function describeDeal(deal: Deal, now: EpochMs, timezone: string, history?: StageHistory): ShownDeal {
  const entry = deriveStageEntry(deal, history);
  return {
    deal,
    taskState: deriveTaskState(deal.closestTaskAt, now, timezone),
    daysInStage: Math.max(0, Math.floor((now - entry.at * 1000) / DAY_MS)),
    daysInStageIsExact: entry.exact,
  };
}

/**
 * When the deal entered its stage, from its own history: one events request for its creation and
 * its stage moves (a deal rarely has more than a page). Its `lead_added` event carries the stage it
 * was created in, so a deal never moved is exact too. Without that event the history does not reach
 * back to creation: it covers only from its oldest event, and days in stage stay a lower bound.
 * The queue itself reads no events (one request per 10 deals); the panel reads them for the one
 * deal on screen. A failed read leaves the lower bound.
 */
async function loadStageHistory(amo: WidgetAmoPort, deal: Deal): Promise<StageHistory | undefined> {
  try {
    const { changes, reachesCreation } = await amo.listStageEvents(deal.id);
    const oldest = Math.min(deal.updatedAt, ...changes.map((change) => change.at));
    return deriveStageHistory([deal], changes, (reachesCreation ? 0 : oldest) as StageHistory['coversSince']);
  } catch {
    return undefined;
  }
}

/** The deal as the panel shows it, with days in stage from its own history. */
export async function describeFromHistory(amo: WidgetAmoPort, deal: Deal, now: EpochMs, timezone: string): Promise<ShownDeal> {
  return describeDeal(deal, now, timezone, await loadStageHistory(amo, deal));
}

/** The deal ready to show, or why it left the queue (closed, reassigned, changed, or no longer visible). */
export async function checkBeforeShowing(
  amo: WidgetAmoPort, dealId: LeadId, ctx: CheckContext,
): Promise<{ kind: 'show'; shown: ShownDeal } | { kind: 'drop'; dropped: DroppedDeal }> {
  const deal = await amo.getLead(dealId);
  if (deal === null) return { kind: 'drop', dropped: { dealId, name: null, reason: { kind: 'gone' } } };
  const result = recheckDeal(deal, ctx.filter, ctx.managerId, { now: ctx.now, timezone: ctx.timezone, snoozedUntil: ctx.snoozed });
  if (result.kind !== 'still_matches') return { kind: 'drop', dropped: { dealId, name: deal.name, reason: result } };
  return { kind: 'show', shown: await describeFromHistory(amo, deal, ctx.now, ctx.timezone) };
}

export async function loadLastNote(amo: WidgetAmoPort, dealId: LeadId): Promise<Note | null> {
  const [note] = await amo.listNotes(dealId, { limit: 1 });
  return note ?? null;
}

/** The deal's open tasks, nearest first. */
export async function loadOpenTasks(amo: WidgetAmoPort, dealId: LeadId): Promise<Task[]> {
  return [...await amo.listOpenTasks(dealId)].sort((a, b) => a.completeTill - b.completeTill);
}

/** What the task line shows now: the next step if one exists, else the nearest (overdue) task. */
export interface TaskStatus {
  readonly state: DealTaskState;
  readonly dueAt: EpochMs | null;
  /** Open tasks whose time has passed, still waiting to be completed. */
  readonly overdue: readonly Task[];
}

export function deriveTaskStatus(openTasks: readonly Task[], now: EpochMs, timezone: string): TaskStatus {
  const overdue = openTasks.filter((task) => toEpochMs(task.completeTill) < now);
  const next = openTasks.find((task) => toEpochMs(task.completeTill) >= now) ?? overdue[0] ?? null;
  return {
    state: deriveTaskState(next === null ? null : next.completeTill, now, timezone),
    dueAt: next === null ? null : toEpochMs(next.completeTill),
    overdue,
  };
}

export type WorkVerdict =
  | { readonly kind: 'gone' }
  | { readonly kind: 'not_worked' }
  | { readonly kind: 'worked'; readonly movedStage: boolean; readonly taskSet: boolean; readonly closed: boolean };

/**
 * "Worked" on what the deal has NOW (PRODUCT.md): a future open task, a stage move, or closed.
 * `closest_task_at` is amoCRM's NEAREST open task, so while an overdue task stays open it hides a
 * next step just set: when the lead alone does not show work, its open tasks are read (one request).
 * `shownAt`: tasks created since then were set while the deal was on screen.
 */
export async function judgeWork(amo: WidgetAmoPort, shown: ShownDeal, now: EpochMs, shownAt: EpochMs): Promise<WorkVerdict> {
  const after = await amo.getLead(shown.deal.id);
  if (after === null) return { kind: 'gone' };
  const outcome = deriveWorkOutcome(shown.deal, after, now);
  const closed = outcome.closed !== null;
  if (isWorked(shown.deal, after, now)) return { kind: 'worked', movedStage: outcome.movedStage, taskSet: outcome.taskSet, closed };
  const future = (await loadOpenTasks(amo, after.id)).filter((task) => toEpochMs(task.completeTill) > now);
  if (future.length === 0) return { kind: 'not_worked' };
  return { kind: 'worked', movedStage: outcome.movedStage, taskSet: future.some((task) => toEpochMs(task.createdAt) >= shownAt), closed };
}
