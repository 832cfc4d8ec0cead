/**
 * The focus section as the configuration stores it (ids as plain numbers, as zod checked them) in
 * core terms: the one conversion the service and the widget both use, so the brands are applied
 * in one place and the two sides cannot resolve a manager's filter differently.
 */
import { asGroupId, asPipelineId, asStatusId, asUserId } from '../brand';
import type { FocusConfig, FocusFilterPatch } from './filter';

interface StoredStage { readonly pipelineId: number; readonly statusId: number }

/** A filter layer as stored: the core's patch with unbranded stage ids. */
type StoredFilterPatch = Omit<FocusFilterPatch, 'stages'> & { readonly stages?: readonly StoredStage[] | undefined };

export interface StoredFocusSection {
  readonly defaults: StoredFilterPatch;
  readonly groups: ReadonlyArray<{ readonly groupId: number; readonly filter: StoredFilterPatch }>;
  readonly managers: ReadonlyArray<{ readonly managerId: number; readonly filter: StoredFilterPatch }>;
}

function toPatch({ stages, ...rest }: StoredFilterPatch): FocusFilterPatch {
  return stages === undefined
    ? rest
    : { ...rest, stages: stages.map((stage) => ({ pipelineId: asPipelineId(stage.pipelineId), statusId: asStatusId(stage.statusId) })) };
}

export function toFocusConfig(section: StoredFocusSection): FocusConfig {
  return {
    defaults: toPatch(section.defaults),
    groups: section.groups.map((entry) => ({ groupId: asGroupId(entry.groupId), filter: toPatch(entry.filter) })),
    managers: section.managers.map((entry) => ({ managerId: asUserId(entry.managerId), filter: toPatch(entry.filter) })),
  };
}
