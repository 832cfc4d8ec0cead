/**
 * The stored `focus` section as the core's FocusConfig (branded ids), and the warnings a
 * section's stale references produce. zod validated the shape; brands are applied here, once.
 */
import type { GroupId, PipelineId, StatusId, UserId } from '../../core/brand';
import type { FocusConfig, FocusFilterPatch } from '../../core/focus/filter';
import type { FocusFilterPatchInput, FocusSection } from '../config/sections/focus';
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
  const warnings: ConfigWarning[] = [];
  section.groups.forEach((entry, index) => {
    // Group 0 is amoCRM's default group; it is not always listed in users_groups.
    if (entry.groupId !== 0 && !groupIds.has(entry.groupId)) {
      warnings.push({ path: `focus.groups.${index}.groupId`, code: 'unknown_group', message: `group ${entry.groupId} does not exist` });
    }
  });
  section.managers.forEach((entry, index) => {
    const user = users.get(entry.managerId);
    const path = `focus.managers.${index}.managerId`;
    if (user === undefined) warnings.push({ path, code: 'unknown_user', message: `user ${entry.managerId} does not exist` });
    else if (!user.isActive) warnings.push({ path, code: 'inactive_user', message: `user ${entry.managerId} is deactivated` });
  });
  return warnings;
}
