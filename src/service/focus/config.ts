/**
 * The stored `focus` section as the core's FocusConfig (branded ids), and the warnings a
 * section's stale references produce. zod validated the shape; brands are applied here, once.
 */
import type { GroupId, PipelineId, StatusId, UserId } from '../../core/brand';
import type { FocusConfig, FocusFilterPatch } from '../../core/focus/filter';
import type { FocusFilterPatchInput, FocusSection } from '../config/sections/focus';
import { deriveGroupReferenceWarning, deriveUserReferenceWarning } from '../config/reference-warnings';
import type { ConfigWarning } from '../config/types';
import type { AmoUser, UserGroup } from '../../core/domain';

function toPatch(patch: FocusFilterPatchInput): FocusFilterPatch {
  const { stages, ...rest } = patch;
  return {
    ...rest,
    ...(stages === undefined ? {} : {
      stages: stages.map((stage) => ({ pipelineId: stage.pipelineId as PipelineId, statusId: stage.statusId as StatusId })),
    }),
  };
}

export function toFocusConfig(section: FocusSection): FocusConfig {
  return {
    defaults: toPatch(section.defaults),
    groups: section.groups.map((entry) => ({ groupId: entry.groupId as GroupId, filter: toPatch(entry.filter) })),
    managers: section.managers.map((entry) => ({ managerId: entry.managerId as UserId, filter: toPatch(entry.filter) })),
  };
}

/**
 * Users and groups a focus section names that amoCRM no longer has, in the configuration API's
 * warning shape (called from ../config/warnings.ts). Stage warnings need the pipelines, which the
 * directory does not hold: GET /api/v1/focus/warnings and the preview report those.
 */
export function deriveFocusSectionWarnings(
  section: FocusSection, directory: { users: readonly AmoUser[]; groups: readonly UserGroup[] },
): ConfigWarning[] {
  const users = new Map<number, AmoUser>(directory.users.map((user) => [user.id, user]));
  const groupIds = new Set<number>(directory.groups.map((group) => group.id));
  return [
    ...section.groups.map((entry, index) => deriveGroupReferenceWarning(groupIds, entry.groupId, `focus.groups.${index}.groupId`)),
    ...section.managers.map((entry, index) => deriveUserReferenceWarning(users, entry.managerId, `focus.managers.${index}.managerId`)),
  ].filter((warning) => warning !== null);
}
