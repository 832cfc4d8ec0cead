/** Builders for analytics tests: a deal, a task and a status change with visible defaults. */
import type { LeadId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId } from '../../src/core/brand';
import type { Deal, StatusChange, Task } from '../../src/core/domain';
import { MANAGER, PIPELINE, STAGE_FIRST, buildLostDeal } from './refusals';
import { seconds } from './time';

export { MANAGER, OTHER_MANAGER,  STAGE_CLOSING, STAGE_FIRST, STAGE_PROPOSAL, buildPipeline } from './refusals';

export const DAY = 86_400;
/** Thursday 1 January 2026, 00:00 UTC: the analytics tests' weeks and cohorts are written around it. */
export const NOW = seconds('2026-01-01T00:00:00Z');
export const daysAgo = (days: number): UnixSeconds => (NOW - days * DAY) as UnixSeconds;

/** A deal open in the first stage: created 100 days ago, touched yesterday, its next task tomorrow. */
export const buildOpenDeal = (overrides: Partial<Deal> = {}): Deal => buildLostDeal({
  statusId: STAGE_FIRST, lossReasonId: null, closedAt: null, createdAt: daysAgo(100), updatedAt: daysAgo(1),
  closestTaskAt: (NOW + DAY) as UnixSeconds, ...overrides,
});

export const buildTask = (overrides: Partial<Task> = {}): Task => ({
  id: 1 as TaskId, responsibleUserId: MANAGER, entityId: 101 as LeadId, entityType: 'leads', isCompleted: false,
  taskTypeId: 1 as TaskTypeId, text: 'Call', completeTill: daysAgo(5), createdAt: daysAgo(10), updatedAt: daysAgo(10),
  ...overrides,
});

export const move = (leadId: number, at: UnixSeconds, from: number | null, to: number, by = MANAGER as UserId): StatusChange => ({
  leadId: leadId as LeadId, at, by,
  from: from === null ? null : { pipelineId: PIPELINE, statusId: from as StatusId },
  to: { pipelineId: PIPELINE, statusId: to as StatusId },
});
