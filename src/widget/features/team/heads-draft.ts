/** Editing the `heads` section: who heads which group. Pure; a group with nobody left is dropped. */
import type { AccountConfig } from '../../service-client';

export type HeadsSection = AccountConfig['heads'];

export function headsOf(heads: HeadsSection, groupId: number): readonly number[] {
  return heads.find((entry) => entry.groupId === groupId)?.userIds ?? [];
}

export function withHead(heads: HeadsSection, groupId: number, userId: number, isHead: boolean): HeadsSection {
  const current = headsOf(heads, groupId);
  const userIds = isHead ? (current.includes(userId) ? [...current] : [...current, userId]) : current.filter((id) => id !== userId);
  const others = heads.filter((entry) => entry.groupId !== groupId);
  if (userIds.length === 0) return others;
  const exists = heads.some((entry) => entry.groupId === groupId);
  return exists ? heads.map((entry) => (entry.groupId === groupId ? { groupId, userIds } : entry)) : [...heads, { groupId, userIds }];
}
