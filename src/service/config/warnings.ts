/**
 * Pure check of a configuration against the account's current users and groups. People leave and
 * groups get renamed away; the configuration keeps working and the admin sees what to clean up.
 */
import type { AmoUser, UserGroup } from '../../core/domain';
import { deriveDistributionUserWarnings } from '../distribution/config-warnings';
import { deriveFocusSectionWarnings } from '../focus/config';
import type { AccountConfig, ConfigWarning } from './types';

export function deriveConfigWarnings(
  config: AccountConfig,
  directory: { users: readonly AmoUser[]; groups: readonly UserGroup[] },
): ConfigWarning[] {
  const usersById = new Map<number, AmoUser>(directory.users.map((user) => [user.id, user]));
  const groupIds = new Set<number>(directory.groups.map((group) => group.id));
  const warnings: ConfigWarning[] = [];

  config.heads.forEach((head, index) => {
    // Group 0 is amoCRM's default group; it is not always listed in users_groups.
    if (head.groupId !== 0 && !groupIds.has(head.groupId)) {
      warnings.push({ path: `heads.${index}.groupId`, code: 'unknown_group', message: `group ${head.groupId} does not exist` });
    }
    head.userIds.forEach((userId, userIndex) => {
      const user = usersById.get(userId);
      const path = `heads.${index}.userIds.${userIndex}`;
      if (user === undefined) warnings.push({ path, code: 'unknown_user', message: `user ${userId} does not exist` });
      else if (!user.isActive) warnings.push({ path, code: 'inactive_user', message: `user ${userId} is deactivated` });
    });
  });
  warnings.push(...deriveFocusSectionWarnings(config.focus, directory));
  warnings.push(...deriveDistributionUserWarnings(config.distribution, directory));
  return warnings;
}
