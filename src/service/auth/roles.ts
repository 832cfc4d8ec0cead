/**
 * Roles, derived on the server from amoCRM's users (is_admin, is_active, group_id) and our heads
 * configuration — never from anything the browser says.
 */
import type { UserId } from '../../core/brand';
import { asGroupId } from '../../core/brand';
import type { AmoUser } from '../../core/domain';
import type { Role } from '../../contract/account';
import type { HeadsSection } from '../../contract/config';

export type { Role };

/** null: the user is unknown to the account or deactivated — they get no access at all. */
export function resolveRole(user: AmoUser | undefined, heads: HeadsSection): Role | null {
  if (user === undefined || !user.isActive) return null;
  if (user.isAdmin) return { kind: 'admin' };
  const groupIds = heads
    .filter((head) => head.userIds.includes(user.id))
    .map((head) => asGroupId(head.groupId));
  if (groupIds.length > 0) return { kind: 'head', groupIds };
  return { kind: 'manager', groupId: user.groupId };
}

/** Heads see their groups, admins everything, managers only themselves. */
export function canSeeUser(role: Role, viewerId: UserId, target: AmoUser): boolean {
  switch (role.kind) {
    case 'admin': return true;
    case 'head': return target.groupId !== null && role.groupIds.includes(target.groupId);
    case 'manager': return target.id === viewerId;
  }
}
