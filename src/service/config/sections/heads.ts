/**
 * Who heads which group. amoCRM has no "group head" flag (platform reference §9.10), so this is
 * ours: a head reviews refusals and sees the numbers of the groups listed here.
 */
import { z } from 'zod';

const groupId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const userId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const headsSectionSchema = z.array(z.object({
  /** amoCRM user group id; 0 is the account's default group. */
  groupId,
  userIds: z.array(userId).max(100).refine(isUnique, 'a user is listed twice'),
}).strict()).max(500).refine(
  (heads) => isUnique(heads.map((head) => head.groupId)),
  'a group is listed twice',
).default([]);

function isUnique(values: readonly number[]): boolean {
  return new Set(values).size === values.length;
}
