/**
 * Filters outlive the things they name: a stage is deleted, a manager leaves, a group is
 * renamed away. Such references become warnings an admin can read, and are pruned before a
 * query is built — never a crash, never an empty queue without a word.
 */
import { STATUS_LOST, STATUS_WON, type GroupId, type PipelineId, type StatusId, type UserId } from '../brand';
import type { AmoUser, Pipeline, UserGroup } from '../domain';
import type { FocusConfig, FocusFilter, FocusFilterPatch, StageRef } from './filter';

export type FilterScope =
  | { readonly kind: 'defaults' }
  | { readonly kind: 'group'; readonly groupId: GroupId }
  | { readonly kind: 'manager'; readonly managerId: UserId };

export type FilterWarning =
  | { readonly code: 'unknown_stage'; readonly scope: FilterScope; readonly pipelineId: PipelineId; readonly statusId: StatusId }
  | { readonly code: 'closed_stage'; readonly scope: FilterScope; readonly pipelineId: PipelineId; readonly statusId: StatusId }
  | { readonly code: 'archived_pipeline'; readonly scope: FilterScope; readonly pipelineId: PipelineId }
  | { readonly code: 'unknown_group'; readonly scope: FilterScope; readonly groupId: GroupId }
  | { readonly code: 'unknown_manager'; readonly scope: FilterScope; readonly managerId: UserId }
  | { readonly code: 'inactive_manager'; readonly scope: FilterScope; readonly managerId: UserId };

export interface FilterCatalog {
  readonly pipelines: readonly Pipeline[];
  readonly users: readonly AmoUser[];
  readonly groups: readonly UserGroup[];
}

const stageKey = (pipelineId: PipelineId, statusId: StatusId): string => `${pipelineId}:${statusId}`;

function indexStages(pipelines: readonly Pipeline[]): Map<string, Pipeline> {
  const index = new Map<string, Pipeline>();
  for (const pipeline of pipelines) {
    for (const status of pipeline.statuses) index.set(stageKey(pipeline.id, status.id), pipeline);
  }
  return index;
}

function stageWarnings(stages: readonly StageRef[], scope: FilterScope, index: Map<string, Pipeline>): FilterWarning[] {
  const warnings: FilterWarning[] = [];
  const archivedSeen = new Set<PipelineId>();
  for (const { pipelineId, statusId } of stages) {
    const pipeline = index.get(stageKey(pipelineId, statusId));
    if (!pipeline) warnings.push({ code: 'unknown_stage', scope, pipelineId, statusId });
    else if (statusId === STATUS_WON || statusId === STATUS_LOST) warnings.push({ code: 'closed_stage', scope, pipelineId, statusId });
    else if (pipeline.isArchive && !archivedSeen.has(pipelineId)) {
      archivedSeen.add(pipelineId);
      warnings.push({ code: 'archived_pipeline', scope, pipelineId });
    }
  }
  return warnings;
}

/** Every stale reference in a focus configuration, in config order. */
export function deriveFilterWarnings(config: FocusConfig, catalog: FilterCatalog): FilterWarning[] {
  const index = indexStages(catalog.pipelines);
  const users = new Map(catalog.users.map((user) => [user.id, user]));
  const groupIds = new Set(catalog.groups.map((group) => group.id));
  const layer = (patch: FocusFilterPatch, scope: FilterScope): FilterWarning[] => stageWarnings(patch.stages ?? [], scope, index);

  const warnings = layer(config.defaults, { kind: 'defaults' });
  for (const { groupId, filter } of config.groups) {
    const scope: FilterScope = { kind: 'group', groupId };
    if (!groupIds.has(groupId)) warnings.push({ code: 'unknown_group', scope, groupId });
    warnings.push(...layer(filter, scope));
  }
  for (const { managerId, filter } of config.managers) {
    const scope: FilterScope = { kind: 'manager', managerId };
    const user = users.get(managerId);
    if (!user) warnings.push({ code: 'unknown_manager', scope, managerId });
    else if (!user.isActive) warnings.push({ code: 'inactive_manager', scope, managerId });
    warnings.push(...layer(filter, scope));
  }
  return warnings;
}

/**
 * The filter without stages that no longer exist or are closed (won/lost), so the lead query
 * stays valid. If every stage was pruned the result has no stages left, and `emptied` tells the
 * caller not to fall back to "every open stage" silently.
 */
export function pruneStaleStages(filter: FocusFilter, pipelines: readonly Pipeline[]): { filter: FocusFilter; emptied: boolean } {
  const index = indexStages(pipelines);
  const stages = filter.stages.filter(({ pipelineId, statusId }) =>
    index.has(stageKey(pipelineId, statusId)) && statusId !== STATUS_WON && statusId !== STATUS_LOST);
  return { filter: { ...filter, stages }, emptied: filter.stages.length > 0 && stages.length === 0 };
}
