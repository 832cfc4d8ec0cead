import { describe, expect, it } from 'vitest';
import type { GroupId, PipelineId, StatusId, UserId } from '../../src/core/brand';
import type { AmoUser, Pipeline } from '../../src/core/domain';
import { accountConfigSchema } from '../../src/service/config/schema';
import { deriveDistributionStageWarnings, deriveDistributionUserWarnings } from '../../src/service/distribution/config-warnings';
import { parseDpPayload, parseLeadEventPayload } from '../../src/service/distribution/payloads';
import { toWorkingSchedule } from '../../src/core/time/schedule';

const parse = (distribution: unknown) => accountConfigSchema.safeParse({ distribution });
const pathsOf = (distribution: unknown): string[] => {
  const result = parse(distribution);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};
const user = (id: number, isActive = true): AmoUser => ({ id: id as UserId, name: `U${id}`, email: '', isAdmin: false, isActive, groupId: 0 as GroupId });

describe('distribution config section', () => {
  it('fills defaults: round robin, hold, DP trigger on, no hours', () => {
    const result = parse({ pools: [{ pipelineId: 7, participants: [{ userId: 3 }] }] });
    expect(result.success && result.data.distribution.pools[0]).toEqual({
      pipelineId: 7, mode: 'round_robin', participants: [{ userId: 3, weight: 1, cap: null }], loadStatusIds: [], hours: null,
      stickyOwner: false, guard: false, whenNobodyAvailable: { kind: 'hold' }, triggers: { digitalPipeline: true, dpStatusIds: [], webhookStatusIds: [] },
    });
  });

  it('reports invalid input at the field that is wrong', () => {
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [{ userId: 3 }, { userId: 3 }] }] })).toEqual(['distribution.pools.0.participants']);
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [{ userId: 3, cap: 0 }] }] })).toEqual(['distribution.pools.0.participants.0.cap']);
    expect(pathsOf({ pools: [{ pipelineId: 7, mode: 'weighted', participants: [{ userId: 3, weight: 0 }] }] })).toEqual(['distribution.pools.0.participants']);
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [], hours: { days: { 1: [{ start: 1080, end: 540 }] } } }] }))
      .toEqual(['distribution.pools.0.hours.days.1.0.end']);
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [], hours: { days: { 1: [{ start: -60, end: 1080 }] } } }] }))
      .toEqual(['distribution.pools.0.hours.days.1.0.start']);
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [] }, { pipelineId: 7, participants: [] }] })).toEqual(['distribution.pools']);
    expect(pathsOf({ pools: [{ pipelineId: 7, participants: [], whenNobodyAvailable: { kind: 'on_duty' } }] }))
      .toEqual(['distribution.pools.0.whenNobodyAvailable.userId']);
  });

  it('turns working hours into a core schedule in the given zone', () => {
    const result = parse({ pools: [{ pipelineId: 7, participants: [], hours: { days: { 1: [{ start: 570, end: 1080 }] }, holidays: ['2026-12-31'] } }] });
    const hours = result.success ? result.data.distribution.pools[0]?.hours : null;
    if (!hours) throw new Error('hours not parsed');
    expect(toWorkingSchedule(hours, 'Europe/Moscow')).toEqual({ timezone: 'Europe/Moscow', days: { 1: [{ start: 570, end: 1080 }] }, holidays: ['2026-12-31'] });
  });

  it('warns about users who left and stages or pipelines that were deleted', () => {
    const result = parse({ pools: [{ pipelineId: 7, participants: [{ userId: 3 }, { userId: 4 }], loadStatusIds: [70, 71], whenNobodyAvailable: { kind: 'on_duty', userId: 9 } }, { pipelineId: 8, participants: [] }] });
    if (!result.success) throw new Error('config did not parse');
    const section = result.data.distribution;
    expect(deriveDistributionUserWarnings(section, { users: [user(3), user(4, false)] }).map((warning) => [warning.path, warning.code])).toEqual([
      ['distribution.pools.0.participants.1.userId', 'inactive_user'], ['distribution.pools.0.whenNobodyAvailable.userId', 'unknown_user'],
    ]);
    const pipelines: Pipeline[] = [{ id: 7 as PipelineId, name: 'Продажи', sort: 1, isMain: true, isArchive: false, statuses: [{ id: 70 as StatusId, pipelineId: 7 as PipelineId, name: 'Новый', sort: 10, color: '', kind: 'open' }] }];
    expect(deriveDistributionStageWarnings(section, pipelines).map((warning) => [warning.path, warning.code])).toEqual([
      ['distribution.pools.0.loadStatusIds.1', 'unknown_status'], ['distribution.pools.1.pipelineId', 'unknown_pipeline'],
    ]);
  });
});

describe('trigger payloads', () => {
  it('reads the Digital Pipeline job payload, form-encoded numbers included', () => {
    expect(parseDpPayload({ entityId: '25000001', elementType: '2', statusId: 1002, pipelineId: '55', time: 1 })).toEqual({ leadId: 25000001, statusId: 1002, pipelineId: 55, isLead: true });
    expect(parseDpPayload({ entityId: 5, elementType: 1 })?.isLead).toBe(false);
    expect(parseDpPayload({ elementType: 2 })).toBeNull();
  });

  it('reads a lead webhook item', () => {
    expect(parseLeadEventPayload({ event: 'responsible_lead', item: { id: '9', responsible_user_id: '3', pipeline_id: '7', status_id: '70' } }))
      .toEqual({ leadId: 9, statusId: 70, pipelineId: 7, responsibleUserId: 3, modifiedUserId: null });
    expect(parseLeadEventPayload({ item: { name: 'x' } })).toBeNull();
  });
});
