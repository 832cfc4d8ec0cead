/**
 * The warnings a stored `focus` section's stale references produce. (The section in core terms,
 * branded, is core/focus/stored-config.ts's toFocusConfig, shared with the widget.)
 */
import { deriveGroupReferenceWarning, deriveUserReferenceWarning } from '../config/reference-warnings';
import type { AmoUser, UserGroup } from '../../core/domain';
import type { ConfigWarning, FocusSection } from '../../contract/config';

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
