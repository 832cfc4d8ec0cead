/**
 * The two checks every configuration section makes of the people it names: a user amoCRM no longer
 * has (or has deactivated), a group that was deleted. Shared by ./warnings.ts, the focus and the
 * distribution sections so the codes and wording stay one.
 */
import type { AmoUser } from '../../core/domain';
import type { ConfigWarning } from '../../contract/config';

export function deriveUserReferenceWarning(users: ReadonlyMap<number, AmoUser>, userId: number, path: string): ConfigWarning | null {
  const user = users.get(userId);
  if (user === undefined) return { path, code: 'unknown_user', message: `user ${userId} does not exist` };
  if (!user.isActive) return { path, code: 'inactive_user', message: `user ${userId} is deactivated` };
  return null;
}

export function deriveGroupReferenceWarning(groupIds: ReadonlySet<number>, groupId: number, path: string): ConfigWarning | null {
  // Group 0 is amoCRM's default group; it is not always listed in users_groups.
  if (groupId === 0 || groupIds.has(groupId)) return null;
  return { path, code: 'unknown_group', message: `group ${groupId} does not exist` };
}
