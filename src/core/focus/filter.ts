/**
 * Focus filters (PRODUCT.md "Focus"): which of a manager's deals make their queue and in what
 * order. An admin sets defaults, a filter per group, and per-manager overrides; the manager's
 * effective filter is the three layered field by field (see resolveFilterFor).
 */
import type { GroupId, PipelineId, StatusId, UserId } from '../brand';

export interface StageRef { readonly pipelineId: PipelineId; readonly statusId: StatusId }

/**
 * A deal's task state, read from `closest_task_at` alone (no per-deal task calls):
 * null → none; before now → overdue; later today (account time zone) → due_today; else later.
 */
export type DealTaskState = 'none' | 'overdue' | 'due_today' | 'later';

/** Sort keys, applied in the order listed; ties keep the order amoCRM returned. */
export type FocusOrderKey =
  | 'overdue_task' // deals with an overdue task first
  | 'no_task' // deals without an open task first
  | 'due_today' // deals with a task due later today first
  | 'value' // highest price first
  | 'days_in_stage'; // longest in the current stage first

export interface FocusFilter {
  /** Stages the queue draws from; empty = every open stage. */
  readonly stages: readonly StageRef[];
  /** Task states admitted; empty = any. */
  readonly taskStates: readonly DealTaskState[];
  readonly minDaysInStage: number | null;
  /** Compared with the deal's price as is, in the account currency. */
  readonly minValue: number | null;
  /** The deal must carry at least one of these tags (empty = no condition). Case-insensitive. */
  readonly tagsIn: readonly string[];
  /** The deal must carry none of these tags. Case-insensitive. */
  readonly tagsOut: readonly string[];
  /** Leave out deals updated in the last N hours (someone is already on them). */
  readonly cooldownHours: number | null;
  readonly order: readonly FocusOrderKey[];
  /** A session with no heartbeat from any tab for this long ends by itself. */
  readonly idleTimeoutMinutes: number;
  /** Local wall-clock minute (e.g. 18 * 60) at which a running session ends; null = never. */
  readonly endOfDayMinute: number | null;
}

/** A layer of a filter: only the fields it sets win over the layer below. */
export type FocusFilterPatch = { readonly [K in keyof FocusFilter]?: FocusFilter[K] | undefined };

export interface FocusConfig {
  readonly defaults: FocusFilterPatch;
  readonly groups: ReadonlyArray<{ readonly groupId: GroupId; readonly filter: FocusFilterPatch }>;
  readonly managers: ReadonlyArray<{ readonly managerId: UserId; readonly filter: FocusFilterPatch }>;
}

const DEFAULT_FOCUS_ORDER: readonly FocusOrderKey[] = ['overdue_task', 'no_task', 'value', 'days_in_stage'];

export const DEFAULT_FOCUS_FILTER: FocusFilter = {
  stages: [],
  taskStates: [],
  minDaysInStage: null,
  minValue: null,
  tagsIn: [],
  tagsOut: [],
  cooldownHours: null,
  order: DEFAULT_FOCUS_ORDER,
  idleTimeoutMinutes: 10,
  endOfDayMinute: null,
};

function applyPatch(base: FocusFilter, patch: FocusFilterPatch | undefined): FocusFilter {
  if (!patch) return base;
  const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
  return { ...base, ...Object.fromEntries(defined) } as FocusFilter;
}

/**
 * The effective filter of a manager: built-in defaults ← account defaults ← their group's filter
 * ← their own override. A field a layer leaves out falls through; lists are replaced, not merged
 * (an override of `stages` means exactly those stages).
 */
export function resolveFilterFor(managerId: UserId, groupId: GroupId | null, config: FocusConfig): FocusFilter {
  const group = groupId === null ? undefined : config.groups.find((entry) => entry.groupId === groupId);
  const own = config.managers.find((entry) => entry.managerId === managerId);
  return [config.defaults, group?.filter, own?.filter].reduce<FocusFilter>(applyPatch, DEFAULT_FOCUS_FILTER);
}

/**
 * The REST v4 lead query for a manager's queue, structurally identical to `LeadQuery` in
 * src/amo/port.ts (core may not import src/amo). Stages go in `filter[statuses]` — the only
 * stage filter amoCRM honours (platform reference §4.4); the responsible is always the manager.
 * Everything else is decided by selectFocusQueue on what comes back, because amoCRM cannot filter
 * on it (tags, "no task") or we need the excluded deals' reasons.
 */
export interface FocusLeadQuery {
  statuses?: Array<{ pipelineId: PipelineId; statusId: StatusId }>;
  responsibleUserIds?: UserId[];
}

export function deriveLeadQuery(filter: FocusFilter, managerId: UserId): FocusLeadQuery {
  const query: FocusLeadQuery = { responsibleUserIds: [managerId] };
  if (filter.stages.length > 0) {
    query.statuses = filter.stages.map((stage) => ({ pipelineId: stage.pipelineId, statusId: stage.statusId }));
  }
  return query;
}
