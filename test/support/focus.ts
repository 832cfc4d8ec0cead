import type { GroupId, LeadId, PipelineId, StatusId, UserId } from '../../src/core/brand';
import type { Deal } from '../../src/core/domain';
import { DEFAULT_FOCUS_FILTER, type FocusFilter } from '../../src/core/focus/filter';
import { JUNE_2_2025_NOON_MOSCOW, seconds } from './time';

export { seconds, utc } from './time';

export const MANAGER = 7001 as UserId;
export const OTHER_MANAGER = 7002 as UserId;
export const PIPELINE = 500 as PipelineId;
export const PROPOSAL = 1001 as StatusId;
export const CLOSING = 1002 as StatusId;
export const NEW_LEAD = 1000 as StatusId;

export const NOW = JUNE_2_2025_NOON_MOSCOW;
export const TZ = 'Europe/Moscow';

let nextId = 1;
export function buildDeal(overrides: Partial<Deal> = {}): Deal {
  const id = (overrides.id ?? nextId++) as LeadId;
  return {
    id,
    name: `Deal ${id}`,
    price: 1000,
    responsibleUserId: MANAGER,
    groupId: 1 as GroupId,
    pipelineId: PIPELINE,
    statusId: PROPOSAL,
    lossReasonId: null,
    createdAt: seconds('2025-04-01T09:00:00Z'),
    updatedAt: seconds('2025-05-20T09:00:00Z'),
    closedAt: null,
    closestTaskAt: null,
    tags: [],
    contactIds: [],
    mainContactId: null,
    lossReason: null,
    ...overrides,
  };
}

export function buildFilter(overrides: Partial<FocusFilter> = {}): FocusFilter {
  return {
    ...DEFAULT_FOCUS_FILTER,
    stages: [{ pipelineId: PIPELINE, statusId: PROPOSAL }, { pipelineId: PIPELINE, statusId: CLOSING }],
    ...overrides,
  };
}
