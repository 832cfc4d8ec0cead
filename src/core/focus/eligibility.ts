/**
 * Whether one deal belongs in a manager's focus queue right now, and if not, why.
 * Everything is read from the lead list itself (REST v4 with the manager's session, limit 250):
 * task state from `closest_task_at`, freshness from `updated_at` — no per-deal calls.
 */
import { STATUS_LOST, STATUS_WON, toEpochMs, type EpochMs, type LeadId, type UnixSeconds, type UserId } from '../brand';
import type { Deal, StatusChange } from '../domain';
import { addLocalDays, fromLocalDateTime, toLocalDateTime } from '../time/zone';
import type { DealTaskState, FocusFilter } from './filter';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * When deals entered their current stage, from status-change events fetched for the window
 * starting at `coversSince` (e.g. events with `toStatuses` = the filter's stages, last 90 days).
 * Use deriveStageHistory to build it.
 */
export interface StageHistory {
  readonly enteredAt: ReadonlyMap<LeadId, UnixSeconds>;
  readonly coversSince: UnixSeconds;
}

export interface FocusContext {
  readonly now: EpochMs;
  /** The account's IANA time zone: "due today" is a local-calendar idea. */
  readonly timezone: string;
  readonly stageHistory?: StageHistory;
  readonly snoozedUntil?: ReadonlyMap<LeadId, EpochMs>;
  /** Deals skipped in the running session. */
  readonly skipped?: ReadonlySet<LeadId>;
}

export type ExclusionReason =
  | { readonly code: 'closed' }
  | { readonly code: 'not_responsible'; readonly responsibleUserId: UserId }
  | { readonly code: 'stage_not_in_filter' }
  | { readonly code: 'skipped' }
  | { readonly code: 'snoozed'; readonly until: EpochMs }
  | { readonly code: 'cooldown'; readonly touchedAt: UnixSeconds; readonly until: EpochMs }
  | { readonly code: 'task_state'; readonly taskState: DealTaskState }
  | { readonly code: 'below_min_value'; readonly price: number; readonly minValue: number }
  | { readonly code: 'too_new_in_stage'; readonly daysInStage: number; readonly minDays: number }
  | { readonly code: 'missing_tag' }
  | { readonly code: 'excluded_tag'; readonly tag: string };

/**
 * When the deal entered its current stage. `exact: false` means no event was known and the
 * value is the LATEST possible entry, so days in stage is a lower bound (show "≥ N days"):
 * a stage move always bumps `updated_at`, and a deal with no move inside a complete event window
 * entered before the window (or was created in the stage, at `created_at`). Estimating low
 * keeps "minimum days in stage" from admitting a deal that just arrived.
 */
export function deriveStageEntry(deal: Deal, history: StageHistory | undefined): { at: UnixSeconds; exact: boolean } {
  const fromEvents = history?.enteredAt.get(deal.id);
  if (fromEvents !== undefined) return { at: fromEvents, exact: true };
  if (!history) return { at: deal.updatedAt, exact: false };
  if (deal.createdAt >= history.coversSince) return { at: deal.createdAt, exact: true };
  return { at: Math.min(deal.updatedAt, history.coversSince) as UnixSeconds, exact: false };
}

/** The latest move of each deal into the stage it is in now; moves elsewhere are ignored. */
export function deriveStageHistory(deals: readonly Deal[], changes: readonly StatusChange[], coversSince: UnixSeconds): StageHistory {
  const current = new Map(deals.map((deal) => [deal.id, deal]));
  const enteredAt = new Map<LeadId, UnixSeconds>();
  for (const change of changes) {
    const deal = current.get(change.leadId);
    if (!deal || change.to.statusId !== deal.statusId || change.to.pipelineId !== deal.pipelineId) continue;
    const known = enteredAt.get(change.leadId);
    if (known === undefined || change.at > known) enteredAt.set(change.leadId, change.at);
  }
  return { enteredAt, coversSince };
}

function deriveDaysInStage(deal: Deal, ctx: FocusContext): number {
  return Math.max(0, Math.floor((ctx.now - toEpochMs(deriveStageEntry(deal, ctx.stageHistory).at)) / DAY_MS));
}

export function deriveTaskState(closestTaskAt: UnixSeconds | null, now: EpochMs, timezone: string): DealTaskState {
  if (closestTaskAt === null) return 'none';
  const due = toEpochMs(closestTaskAt);
  if (due < now) return 'overdue';
  const startOfTomorrow = fromLocalDateTime(timezone, addLocalDays(toLocalDateTime(timezone, now), 1), 0);
  return due < startOfTomorrow ? 'due_today' : 'later';
}

/**
 * Closed = in the won/lost system status. `closed_at` is not used: a deal returned to work from
 * "lost" is open again whatever its old `closed_at` says.
 */
export function isClosed(deal: Deal): boolean {
  return deal.statusId === STATUS_WON || deal.statusId === STATUS_LOST;
}

function tagReason(deal: Deal, filter: FocusFilter): ExclusionReason | null {
  const tags = new Set(deal.tags.map((tag) => tag.trim().toLowerCase()));
  const banned = filter.tagsOut.find((tag) => tags.has(tag.trim().toLowerCase()));
  if (banned !== undefined) return { code: 'excluded_tag', tag: banned };
  if (filter.tagsIn.length > 0 && !filter.tagsIn.some((tag) => tags.has(tag.trim().toLowerCase()))) return { code: 'missing_tag' };
  return null;
}

function sessionReason(deal: Deal, filter: FocusFilter, ctx: FocusContext): ExclusionReason | null {
  if (ctx.skipped?.has(deal.id)) return { code: 'skipped' };
  const snoozedUntil = ctx.snoozedUntil?.get(deal.id);
  if (snoozedUntil !== undefined && snoozedUntil > ctx.now) return { code: 'snoozed', until: snoozedUntil };
  if (filter.cooldownHours !== null && filter.cooldownHours > 0) {
    const until = (toEpochMs(deal.updatedAt) + filter.cooldownHours * HOUR_MS) as EpochMs;
    if (until > ctx.now) return { code: 'cooldown', touchedAt: deal.updatedAt, until };
  }
  return null;
}

/** Null when the deal belongs in the manager's queue; otherwise the first rule it fails. */
export function deriveExclusion(deal: Deal, filter: FocusFilter, managerId: UserId, ctx: FocusContext): ExclusionReason | null {
  if (isClosed(deal)) return { code: 'closed' };
  if (deal.responsibleUserId !== managerId) return { code: 'not_responsible', responsibleUserId: deal.responsibleUserId };
  const inStage = filter.stages.length === 0
    || filter.stages.some((stage) => stage.statusId === deal.statusId && stage.pipelineId === deal.pipelineId);
  if (!inStage) return { code: 'stage_not_in_filter' };
  const fromSession = sessionReason(deal, filter, ctx);
  if (fromSession) return fromSession;
  const taskState = deriveTaskState(deal.closestTaskAt, ctx.now, ctx.timezone);
  if (filter.taskStates.length > 0 && !filter.taskStates.includes(taskState)) return { code: 'task_state', taskState };
  if (filter.minValue !== null && deal.price < filter.minValue) return { code: 'below_min_value', price: deal.price, minValue: filter.minValue };
  if (filter.minDaysInStage !== null) {
    const daysInStage = deriveDaysInStage(deal, ctx);
    if (daysInStage < filter.minDaysInStage) return { code: 'too_new_in_stage', daysInStage, minDays: filter.minDaysInStage };
  }
  return tagReason(deal, filter);
}
