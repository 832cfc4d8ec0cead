/**
 * Rule validation against what the account has now. Broken input is an ERROR (the rule cannot
 * be saved as is); a reference to something since removed in amoCRM — a pipeline, a reason, a
 * user, a group, a task type — is a WARNING: the rule keeps working without it and the admin
 * sees what to fix. Nothing here throws.
 */
import type { RefusalCatalog, RefusalRule, ReviewDueSpec } from './rule';
import { findUser, hasTaskType } from './rule';
import { selectUnknownPlaceholders } from './task-text';

export type RuleField =
  | 'name' | 'pipelineIds' | 'lossReasonIds' | 'minValue' | 'managerIds' | 'groupIds'
  | 'samplingPercent' | 'groupReviewers' | 'fallbackReviewerId' | 'taskTypeId' | 'due' | 'taskText';

type RuleIssueCode =
  | 'required' | 'out_of_range' | 'not_a_number'
  | 'removed' | 'inactive' | 'unknown_placeholder' | 'no_reviewer' | 'selects_nothing';

export interface RuleIssue {
  field: RuleField;
  code: RuleIssueCode;
  /** The id or placeholder the issue is about, when it is about one. */
  ref?: number | string;
}

export interface RuleValidation { errors: RuleIssue[]; warnings: RuleIssue[] }

export const isRuleSavable = (v: RuleValidation): boolean => v.errors.length === 0;

export function validateRule(rule: RefusalRule, catalog: RefusalCatalog): RuleValidation {
  return {
    errors: [...selectInputErrors(rule), ...selectDueErrors(rule.due)],
    warnings: [...selectCatalogWarnings(rule, catalog), ...selectReviewerWarnings(rule, catalog)],
  };
}

function selectInputErrors(rule: RefusalRule): RuleIssue[] {
  const errors: RuleIssue[] = [];
  if (rule.name.trim() === '') errors.push({ field: 'name', code: 'required' });
  if (rule.taskText.trim() === '') errors.push({ field: 'taskText', code: 'required' });
  if (!Number.isFinite(rule.samplingPercent)) errors.push({ field: 'samplingPercent', code: 'not_a_number' });
  else if (rule.samplingPercent < 0 || rule.samplingPercent > 100) errors.push({ field: 'samplingPercent', code: 'out_of_range' });
  if (rule.minValue !== null && !Number.isFinite(rule.minValue)) errors.push({ field: 'minValue', code: 'not_a_number' });
  else if (rule.minValue !== null && rule.minValue < 0) errors.push({ field: 'minValue', code: 'out_of_range' });
  if (rule.groupReviewers.length === 0 && rule.fallbackReviewerId === null) {
    errors.push({ field: 'fallbackReviewerId', code: 'no_reviewer' });
  }
  return errors;
}

function selectDueErrors(due: ReviewDueSpec): RuleIssue[] {
  if (due.kind === 'within_working_hours') {
    if (!Number.isFinite(due.hours)) return [{ field: 'due', code: 'not_a_number' }];
    return due.hours > 0 && due.hours <= 24 * 7 ? [] : [{ field: 'due', code: 'out_of_range' }];
  }
  const hourOk = Number.isInteger(due.hour) && due.hour >= 0 && due.hour <= 23;
  const minuteOk = Number.isInteger(due.minute) && due.minute >= 0 && due.minute <= 59;
  return hourOk && minuteOk ? [] : [{ field: 'due', code: 'out_of_range' }];
}

function selectCatalogWarnings(rule: RefusalRule, catalog: RefusalCatalog): RuleIssue[] {
  const warnings: RuleIssue[] = [];
  const missing = <T extends number>(field: RuleField, ids: readonly T[], known: (id: T) => boolean): void => {
    for (const id of ids) if (!known(id)) warnings.push({ field, code: 'removed', ref: id });
  };
  missing('pipelineIds', rule.pipelineIds, (id) => catalog.pipelines.some((p) => p.id === id));
  missing('lossReasonIds', rule.lossReasonIds, (id) => catalog.reasons.some((r) => r.id === id));
  missing('groupIds', rule.groupIds, (id) => catalog.groups.some((g) => g.id === id));
  missing('managerIds', rule.managerIds, (id) => findUser(catalog, id) !== undefined);
  const allReasonsGone = rule.lossReasonIds.length > 0
    && rule.lossReasonIds.every((id) => !catalog.reasons.some((r) => r.id === id));
  if (allReasonsGone && !rule.includeDealsWithoutReason) {
    warnings.push({ field: 'lossReasonIds', code: 'selects_nothing' });
  }
  if (!hasTaskType(catalog, rule.taskTypeId)) warnings.push({ field: 'taskTypeId', code: 'removed', ref: rule.taskTypeId });
  for (const name of selectUnknownPlaceholders(rule.taskText)) {
    warnings.push({ field: 'taskText', code: 'unknown_placeholder', ref: name });
  }
  return warnings;
}

function selectReviewerWarnings(rule: RefusalRule, catalog: RefusalCatalog): RuleIssue[] {
  const warnings: RuleIssue[] = [];
  for (const { groupId, reviewerId } of rule.groupReviewers) {
    if (!catalog.groups.some((g) => g.id === groupId)) warnings.push({ field: 'groupReviewers', code: 'removed', ref: groupId });
    const reviewer = findUser(catalog, reviewerId);
    if (reviewer === undefined) warnings.push({ field: 'groupReviewers', code: 'removed', ref: reviewerId });
    else if (!reviewer.isActive) warnings.push({ field: 'groupReviewers', code: 'inactive', ref: reviewerId });
  }
  if (rule.fallbackReviewerId !== null) {
    const fallback = findUser(catalog, rule.fallbackReviewerId);
    if (fallback === undefined) warnings.push({ field: 'fallbackReviewerId', code: 'removed', ref: rule.fallbackReviewerId });
    else if (!fallback.isActive) warnings.push({ field: 'fallbackReviewerId', code: 'inactive', ref: rule.fallbackReviewerId });
  }
  return warnings;
}
