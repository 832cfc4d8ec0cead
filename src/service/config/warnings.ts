/**
 * Pure check of a configuration against the account's current users and groups. People leave and
 * groups get renamed away; the configuration keeps working and the admin sees what to clean up.
 */
import type { AmoUser, UserGroup } from '../../core/domain';
import { deriveDistributionUserWarnings } from '../distribution/config-warnings';
import { deriveFocusSectionWarnings } from '../focus/config';
import { deriveGroupReferenceWarning, deriveUserReferenceWarning } from './reference-warnings';
import type { AccountConfig, ConfigWarning } from '../../contract/config';

export function deriveConfigWarnings(
  config: AccountConfig,
  directory: { users: readonly AmoUser[]; groups: readonly UserGroup[] },
): ConfigWarning[] {
  const usersById = new Map<number, AmoUser>(directory.users.map((user) => [user.id, user]));
  const groupIds = new Set<number>(directory.groups.map((group) => group.id));
  const warnings: Array<ConfigWarning | null> = [];

  config.heads.forEach((head, index) => {
    warnings.push(deriveGroupReferenceWarning(groupIds, head.groupId, `heads.${index}.groupId`));
    head.userIds.forEach((userId, userIndex) => warnings.push(deriveUserReferenceWarning(usersById, userId, `heads.${index}.userIds.${userIndex}`)));
  });
  return [
    ...warnings.filter((warning) => warning !== null),
    ...deriveFocusSectionWarnings(config.focus, directory),
    ...deriveDistributionUserWarnings(config.distribution, directory),
  ];
}
