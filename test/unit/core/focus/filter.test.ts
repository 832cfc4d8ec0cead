import { describe, expect, it } from 'vitest';
import type { GroupId, PipelineId, StatusId, UserId } from '../../../../src/core/brand';
import type { AmoUser, Pipeline } from '../../../../src/core/domain';
import { deriveLeadQuery, resolveFilterFor, type FocusConfig } from '../../../../src/core/focus/filter';
import { deriveFilterWarnings, pruneStaleStages } from '../../../../src/core/focus/filter-warnings';
import { buildFilter, CLOSING, MANAGER, OTHER_MANAGER, PIPELINE, PROPOSAL } from '../../../support/focus';

const SALES = 1 as GroupId;
const config: FocusConfig = {
  defaults: { minValue: 100, cooldownHours: 4 },
  groups: [{ groupId: SALES, filter: { stages: [{ pipelineId: PIPELINE, statusId: PROPOSAL }], minValue: 500 } }],
  managers: [{ managerId: MANAGER, filter: { minValue: 50_000, idleTimeoutMinutes: 20, cooldownHours: undefined } }],
};

const pipelines: Pipeline[] = [{
  id: PIPELINE, name: 'Sales', sort: 1, isMain: true, isArchive: false,
  statuses: [PROPOSAL, CLOSING, 142, 143].map((id, sort) => ({
    id: id as StatusId, pipelineId: PIPELINE, name: `S${id}`, sort, color: '#fff', kind: id > 141 ? (id === 142 ? 'won' : 'lost') : 'open',
  })),
}];

const user = (id: number, isActive = true): AmoUser => ({
  id: id as UserId, name: `U${id}`, email: '', isAdmin: false, isActive, groupId: SALES,
});

describe('resolveFilterFor', () => {
  it('layers the manager override over the group filter over the account defaults', () => {
    const filter = resolveFilterFor(MANAGER, SALES, config);
    expect(filter.minValue).toBe(50_000);
    expect(filter.stages).toEqual([{ pipelineId: PIPELINE, statusId: PROPOSAL }]);
    expect(filter.cooldownHours).toBe(4);
    expect(filter.idleTimeoutMinutes).toBe(20);
  });

  it('gives a manager without an override the group filter', () => {
    const filter = resolveFilterFor(OTHER_MANAGER, SALES, config);
    expect(filter.minValue).toBe(500);
    expect(filter.idleTimeoutMinutes).toBe(10);
  });

  it('falls back to defaults with the standard order for a manager outside any configured group', () => {
    const filter = resolveFilterFor(OTHER_MANAGER, null, config);
    expect(filter.minValue).toBe(100);
    expect(filter.stages).toEqual([]);
    expect(filter.order).toEqual(['overdue_task', 'no_task', 'value', 'days_in_stage']);
  });
});

describe('deriveLeadQuery', () => {
  it('asks for the filter stages and only the manager\'s deals', () => {
    expect(deriveLeadQuery(buildFilter(), MANAGER)).toEqual({
      statuses: [{ pipelineId: PIPELINE, statusId: PROPOSAL }, { pipelineId: PIPELINE, statusId: CLOSING }],
      responsibleUserIds: [MANAGER],
    });
  });

  it('leaves the stage filter out when the filter takes every stage', () => {
    expect(deriveLeadQuery(buildFilter({ stages: [] }), MANAGER)).toEqual({ responsibleUserIds: [MANAGER] });
  });
});

describe('stale references', () => {
  const deleted = { pipelineId: PIPELINE, statusId: 999 as StatusId };
  const staleConfig: FocusConfig = {
    defaults: { stages: [deleted] },
    groups: [{ groupId: 77 as GroupId, filter: {} }],
    managers: [
      { managerId: 4040 as UserId, filter: {} },
      { managerId: OTHER_MANAGER, filter: { stages: [{ pipelineId: PIPELINE, statusId: 143 as StatusId }] } },
    ],
  };

  it('warns about a deleted stage, a closed stage, an unknown group and a departed manager', () => {
    const warnings = deriveFilterWarnings(staleConfig, { pipelines, users: [user(MANAGER), user(OTHER_MANAGER)], groups: [{ id: SALES, name: 'Sales' }] });
    expect(warnings.map((warning) => warning.code)).toEqual(['unknown_stage', 'unknown_group', 'unknown_manager', 'closed_stage']);
  });

  it('warns about an inactive manager\'s override', () => {
    const warnings = deriveFilterWarnings({ defaults: {}, groups: [], managers: [{ managerId: MANAGER, filter: {} }] }, { pipelines, users: [user(MANAGER, false)], groups: [] });
    expect(warnings).toEqual([{ code: 'inactive_manager', scope: { kind: 'manager', managerId: MANAGER }, managerId: MANAGER }]);
  });

  it('prunes deleted stages and says when nothing is left', () => {
    const kept = pruneStaleStages(buildFilter({ stages: [deleted, { pipelineId: PIPELINE, statusId: CLOSING }] }), pipelines);
    expect(kept).toEqual({ filter: expect.objectContaining({ stages: [{ pipelineId: PIPELINE, statusId: CLOSING }] }), emptied: false });
    const none = pruneStaleStages(buildFilter({ stages: [deleted] }), pipelines);
    expect(none.emptied).toBe(true);
    expect(none.filter.stages).toEqual([]);
  });

  it('handles a pipeline that vanished entirely without throwing', () => {
    const gone = { pipelineId: 9 as PipelineId, statusId: 1 as StatusId };
    const warnings = deriveFilterWarnings({ defaults: { stages: [gone] }, groups: [], managers: [] }, { pipelines: [], users: [], groups: [] });
    expect(warnings).toEqual([{ code: 'unknown_stage', scope: { kind: 'defaults' }, ...gone }]);
  });
});
