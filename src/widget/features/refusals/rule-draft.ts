/**
 * Rules as the editor holds them: the core's RefusalRule (validated by the core as the admin
 * types) plus helpers to create one and to map the service's field paths back to rule fields.
 */
import type { TaskTypeId } from '../../../core/brand';
import type { RefusalRule, RefusalRuleId, RuleField, RuleIssue } from '../../../core/refusals';

export function createRule(existing: readonly RefusalRule[], taskTypeId: TaskTypeId, name: string, taskText: string): RefusalRule {
  const taken = new Set(existing.map((r) => r.id));
  let n = existing.length + 1;
  while (taken.has(`rule-${n}` as RefusalRuleId)) n += 1;
  return {
    id: `rule-${n}` as RefusalRuleId, name, enabled: true, pipelineIds: [], lossReasonIds: [], includeDealsWithoutReason: false,
    minValue: null, managerIds: [], groupIds: [], samplingPercent: 100, groupReviewers: [], fallbackReviewerId: null,
    taskTypeId, due: { kind: 'within_working_hours', hours: 8 }, taskText,
  };
}

const RULE_FIELDS: readonly RuleField[] = [
  'name', 'pipelineIds', 'lossReasonIds', 'minValue', 'managerIds', 'groupIds', 'samplingPercent', 'groupReviewers',
  'fallbackReviewerId', 'taskTypeId', 'due', 'taskText',
];

/**
 * The service answers 400 with paths like `refusals.rules.2.samplingPercent`; each becomes an
 * error on that rule's field (message codes are the core's where the service used them).
 */
export function mapServerErrors(errors: ReadonlyArray<{ path: string; message: string }>): Map<number, RuleIssue[]> {
  const byRule = new Map<number, RuleIssue[]>();
  for (const { path, message } of errors) {
    const match = /^refusals\.rules\.(\d+)\.([A-Za-z]+)/.exec(path);
    if (match === null) continue;
    const field = RULE_FIELDS.find((f) => f === match[2]) ?? 'name';
    const code = (['required', 'out_of_range', 'not_a_number', 'no_reviewer'] as const).find((c) => c === message) ?? 'invalid';
    const index = Number(match[1]);
    byRule.set(index, [...(byRule.get(index) ?? []), { field, code: code === 'invalid' ? 'out_of_range' : code }]);
  }
  return byRule;
}
