/** Builders with overrides for refusal-control tests: every default is visible here. */
import type {
  AccountId, GroupId, LeadId, LossReasonId, PipelineId, StatusId, TaskId, TaskTypeId, UnixSeconds, UserId,
} from '../../src/core/brand';
import { STATUS_LOST, STATUS_WON } from '../../src/core/brand';
import type { AmoUser, Deal, Pipeline } from '../../src/core/domain';
import type { LossEventKey } from '../../src/core/refusals/loss-event';
import type { LostDeal } from '../../src/core/refusals/match-rules';
import type { PendingReview, ReviewId, ReviewSubject } from '../../src/core/refusals/review';
import type { RefusalCatalog, RefusalRule, RefusalRuleId } from '../../src/core/refusals/rule';
import { buildDeal } from './domain';

export const ACCOUNT = 31000001 as AccountId;
export const PIPELINE = 555 as PipelineId;
export const OTHER_PIPELINE = 777 as PipelineId;
export const STAGE_FIRST = 1002 as StatusId;
export const STAGE_PROPOSAL = 1003 as StatusId;
export const STAGE_CLOSING = 1004 as StatusId;
export const REASON_PRICE = 11 as LossReasonId;
export const REASON_COMPETITOR = 12 as LossReasonId;
export const REASON_NO_ANSWER = 13 as LossReasonId;
export const GROUP_SALES = 1 as GroupId;
export const GROUP_KEY = 2 as GroupId;
export const MANAGER = 8001 as UserId;
export const OTHER_MANAGER = 8002 as UserId;
export const HEAD_SALES = 8101 as UserId;
export const HEAD_KEY = 8102 as UserId;
export const FALLBACK = 8200 as UserId;
export const TASK_TYPE_REVIEW = 5001 as TaskTypeId;
export const TASK_TYPE_CALL = 1 as TaskTypeId;

export const buildUser = (overrides: Partial<AmoUser> = {}): AmoUser => ({
  id: MANAGER, name: 'Anna', email: 'anna@example.test', isAdmin: false, isActive: true, groupId: GROUP_SALES, ...overrides,
});

export const buildPipeline = (overrides: Partial<Pipeline> = {}): Pipeline => ({
  id: PIPELINE, name: 'Sales', sort: 1, isMain: true, isArchive: false,
  statuses: [
    { id: STAGE_FIRST, pipelineId: PIPELINE, name: 'First contact', sort: 20, color: '#99ccff', kind: 'open' },
    { id: STAGE_PROPOSAL, pipelineId: PIPELINE, name: 'Proposal sent', sort: 30, color: '#ffcc66', kind: 'open' },
    { id: STAGE_CLOSING, pipelineId: PIPELINE, name: 'Closing', sort: 40, color: '#ff9966', kind: 'open' },
    { id: STATUS_WON, pipelineId: PIPELINE, name: 'Won', sort: 10000, color: '#ccff66', kind: 'won' },
    { id: STATUS_LOST, pipelineId: PIPELINE, name: 'Lost', sort: 11000, color: '#d5d8db', kind: 'lost' },
  ],
  ...overrides,
});

export const buildCatalog = (overrides: Partial<RefusalCatalog> = {}): RefusalCatalog => ({
  pipelines: [buildPipeline(), buildPipeline({ id: OTHER_PIPELINE, name: 'Partners', isMain: false, statuses: [] })],
  reasons: [
    { id: REASON_PRICE, name: 'Too expensive', sort: 1 },
    { id: REASON_COMPETITOR, name: 'Chose a competitor', sort: 2 },
    { id: REASON_NO_ANSWER, name: 'No answer', sort: 3 },
  ],
  users: [
    buildUser(),
    buildUser({ id: OTHER_MANAGER, name: 'Boris', groupId: GROUP_KEY }),
    buildUser({ id: HEAD_SALES, name: 'Head of sales', groupId: GROUP_SALES }),
    buildUser({ id: HEAD_KEY, name: 'Head of key accounts', groupId: GROUP_KEY }),
    buildUser({ id: FALLBACK, name: 'Director', isAdmin: true, groupId: null }),
  ],
  groups: [{ id: GROUP_SALES, name: 'Sales' }, { id: GROUP_KEY, name: 'Key accounts' }],
  taskTypes: [{ id: TASK_TYPE_REVIEW, name: 'Refusal review', color: null }],
  ...overrides,
});

export const buildLostDeal = (overrides: Partial<Deal> = {}): Deal => buildDeal({
  id: 101 as LeadId, name: 'Office chairs', price: 50_000, responsibleUserId: MANAGER, groupId: GROUP_SALES,
  pipelineId: PIPELINE, statusId: STATUS_LOST, lossReasonId: REASON_PRICE,
  createdAt: 1_760_000_000 as UnixSeconds, updatedAt: 1_761_000_000 as UnixSeconds, closedAt: 1_761_000_000 as UnixSeconds,
  ...overrides,
});

export const lost = (deal: Deal, lossEventKey = `lead:${deal.id}:closed:${deal.closedAt}` as LossEventKey): LostDeal =>
  ({ accountId: ACCOUNT, deal, lossEventKey });

export const buildRule = (overrides: Partial<RefusalRule> = {}): RefusalRule => ({
  id: 'rule-1' as RefusalRuleId, name: 'Price refusals', enabled: true,
  pipelineIds: [], lossReasonIds: [], includeDealsWithoutReason: false, minValue: null,
  managerIds: [], groupIds: [], samplingPercent: 100,
  groupReviewers: [{ groupId: GROUP_SALES, reviewerId: HEAD_SALES }, { groupId: GROUP_KEY, reviewerId: HEAD_KEY }],
  fallbackReviewerId: FALLBACK, taskTypeId: TASK_TYPE_REVIEW,
  due: { kind: 'within_working_hours', hours: 4 },
  taskText: 'Review refusal: {deal} by {manager}, reason {reason}, {value}. {link}',
  ...overrides,
});

export const buildReviewSubject = (overrides: Partial<ReviewSubject> = {}): ReviewSubject => ({
  id: 'review-1' as ReviewId, accountId: ACCOUNT, leadId: 101 as LeadId,
  lossEventKey: 'lead:101:closed:1761000000' as LossEventKey, ruleId: 'rule-1' as RefusalRuleId,
  managerId: MANAGER, managerReasonId: REASON_PRICE, value: 50_000, pipelineId: PIPELINE,
  lostFromStatusId: STAGE_PROPOSAL, lostAt: 1_761_000_000 as UnixSeconds, createdAt: 1_761_000_010 as UnixSeconds,
  reviewerId: HEAD_SALES, reviewTaskId: 9001 as TaskId, dueAt: 1_761_014_400 as UnixSeconds,
  ...overrides,
});

export const buildPendingReview = (overrides: Partial<ReviewSubject> = {}): PendingReview =>
  ({ ...buildReviewSubject(overrides), state: 'pending' });

export const at = (seconds: number): UnixSeconds => seconds as UnixSeconds;
