/**
 * A rule as the configuration stores it (ids as plain numbers, as zod checked them) in core
 * terms. The one conversion the service and the widget's rule editor both use: every id field is
 * branded by name, so a field added to RefusalRule without a brand here fails to compile instead
 * of slipping through a blanket cast.
 */
import { asGroupId, asLossReasonId, asPipelineId, asTaskTypeId, asUserId } from '../brand';
import type { RefusalRule, RefusalRuleId } from './rule';

export interface StoredRefusalRule extends Omit<RefusalRule,
  'id' | 'pipelineIds' | 'lossReasonIds' | 'managerIds' | 'groupIds' | 'groupReviewers' | 'fallbackReviewerId' | 'taskTypeId'> {
  id: string;
  pipelineIds: readonly number[];
  lossReasonIds: readonly number[];
  managerIds: readonly number[];
  groupIds: readonly number[];
  groupReviewers: ReadonlyArray<{ groupId: number; reviewerId: number }>;
  fallbackReviewerId: number | null;
  taskTypeId: number;
}

export const toRefusalRule = (rule: StoredRefusalRule): RefusalRule => ({
  ...rule,
  // Rule ids are ours (the editor makes them); the config schema checked their form.
  id: rule.id as RefusalRuleId,
  pipelineIds: rule.pipelineIds.map(asPipelineId),
  lossReasonIds: rule.lossReasonIds.map(asLossReasonId),
  managerIds: rule.managerIds.map(asUserId),
  groupIds: rule.groupIds.map(asGroupId),
  groupReviewers: rule.groupReviewers.map((entry) => ({ groupId: asGroupId(entry.groupId), reviewerId: asUserId(entry.reviewerId) })),
  fallbackReviewerId: rule.fallbackReviewerId === null ? null : asUserId(rule.fallbackReviewerId),
  taskTypeId: asTaskTypeId(rule.taskTypeId),
});
