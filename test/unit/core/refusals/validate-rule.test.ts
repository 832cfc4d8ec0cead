import { describe, expect, it } from 'vitest';
import type { GroupId, LossReasonId, PipelineId, TaskTypeId, UserId } from '../../../../src/core/brand';
import { isRuleSavable, validateRule } from '../../../../src/core/refusals/validate-rule';
import {
  FALLBACK, GROUP_SALES, HEAD_SALES, REASON_PRICE, TASK_TYPE_CALL, buildCatalog, buildRule,
} from '../../../support/refusals';

const catalog = buildCatalog();

describe('validateRule', () => {
  it('accepts a complete rule with no errors and no warnings', () => {
    expect(validateRule(buildRule(), catalog)).toEqual({ errors: [], warnings: [] });
  });

  it('reports broken input field by field', () => {
    const rule = buildRule({ name: ' ', taskText: '', samplingPercent: 120, minValue: -1, groupReviewers: [], fallbackReviewerId: null });
    expect(validateRule(rule, catalog).errors).toEqual([
      { field: 'name', code: 'required' },
      { field: 'taskText', code: 'required' },
      { field: 'samplingPercent', code: 'out_of_range' },
      { field: 'minValue', code: 'out_of_range' },
      { field: 'fallbackReviewerId', code: 'no_reviewer' },
    ]);
  });

  it('rejects a sampling percentage that is not a number', () => {
    expect(validateRule(buildRule({ samplingPercent: Number.NaN }), catalog).errors)
      .toEqual([{ field: 'samplingPercent', code: 'not_a_number' }]);
  });

  it('rejects due times outside the clock or beyond a working week', () => {
    expect(validateRule(buildRule({ due: { kind: 'next_working_day_at', hour: 24, minute: 0 } }), catalog).errors)
      .toEqual([{ field: 'due', code: 'out_of_range' }]);
    expect(validateRule(buildRule({ due: { kind: 'within_working_hours', hours: 0 } }), catalog).errors)
      .toEqual([{ field: 'due', code: 'out_of_range' }]);
    expect(validateRule(buildRule({ due: { kind: 'next_working_day_at', hour: 12, minute: 30 } }), catalog).errors).toEqual([]);
  });

  it('warns, without failing, about a removed pipeline, reason, group, manager and task type', () => {
    const rule = buildRule({
      pipelineIds: [999 as PipelineId], lossReasonIds: [REASON_PRICE, 98 as LossReasonId],
      groupIds: [77 as GroupId], managerIds: [4444 as UserId], taskTypeId: 6666 as TaskTypeId,
    });
    const result = validateRule(rule, catalog);
    expect(isRuleSavable(result)).toBe(true);
    expect(result.warnings).toEqual([
      { field: 'pipelineIds', code: 'removed', ref: 999 },
      { field: 'lossReasonIds', code: 'removed', ref: 98 },
      { field: 'groupIds', code: 'removed', ref: 77 },
      { field: 'managerIds', code: 'removed', ref: 4444 },
      { field: 'taskTypeId', code: 'removed', ref: 6666 },
    ]);
  });

  it('warns that a rule whose every reason was removed selects nothing', () => {
    const result = validateRule(buildRule({ lossReasonIds: [98 as LossReasonId] }), catalog);
    expect(result.warnings).toContainEqual({ field: 'lossReasonIds', code: 'selects_nothing' });
  });

  it('knows the system task types even when the account does not list them', () => {
    expect(validateRule(buildRule({ taskTypeId: TASK_TYPE_CALL }), buildCatalog({ taskTypes: [] })).warnings).toEqual([]);
  });

  it('warns about inactive or removed reviewers', () => {
    const users = catalog.users.map((u) => (u.id === HEAD_SALES ? { ...u, isActive: false } : u)).filter((u) => u.id !== FALLBACK);
    expect(validateRule(buildRule({ groupReviewers: [{ groupId: GROUP_SALES, reviewerId: HEAD_SALES }] }), buildCatalog({ users })).warnings)
      .toEqual([
        { field: 'groupReviewers', code: 'inactive', ref: HEAD_SALES },
        { field: 'fallbackReviewerId', code: 'removed', ref: FALLBACK },
      ]);
  });

  it('warns about placeholders it does not know', () => {
    expect(validateRule(buildRule({ taskText: 'Call {client}' }), catalog).warnings)
      .toEqual([{ field: 'taskText', code: 'unknown_placeholder', ref: 'client' }]);
  });
});
