/**
 * One builder per shape of the core's domain (src/core/domain.ts), every default visible here. The
 * defaults are an open deal of the focus pipeline; an area whose tests need other defaults builds
 * on `buildDeal` with overrides (refusals' `buildLostDeal`, analytics' `buildOpenDeal`), never a
 * second copy.
 */
import type { GroupId, LeadId, PipelineId, StatusId, UserId } from '../../src/core/brand';
import type { Deal } from '../../src/core/domain';
import { seconds } from './time';

export const MANAGER = 7001 as UserId;
export const PIPELINE = 500 as PipelineId;
export const PROPOSAL = 1001 as StatusId;

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
