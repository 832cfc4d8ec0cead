/**
 * A refusal-control rule (PRODUCT.md "Refusal control"): which lost deals get a review, who
 * reviews them, and what the review task looks like. Rules are configured by an admin and kept
 * by the service; this module only describes their shape.
 */
import type {
  Brand, GroupId, LossReasonId, PipelineId, TaskTypeId, UserId,
} from '../brand';
import type { AmoUser, LossReason, Pipeline, TaskType, UserGroup } from '../domain';

export type RefusalRuleId = Brand<string, 'RefusalRuleId'>;

/**
 * When the review task is due, counted in the account's working hours.
 * - `within_working_hours`: N working hours after the loss (nights and weekends do not count).
 * - `next_working_day_at`: the first working day after the loss day, at a local wall-clock time.
 */
export type ReviewDueSpec =
  | { kind: 'within_working_hours'; hours: number }
  | { kind: 'next_working_day_at'; hour: number; minute: number };

/**
 * amoCRM has no "group head" flag (platform reference §9.10): who heads which group is our own
 * configuration, kept per rule.
 */
interface GroupReviewer { groupId: GroupId; reviewerId: UserId }

export interface RefusalRule {
  id: RefusalRuleId;
  name: string;
  enabled: boolean;
  /** Empty = every pipeline. */
  pipelineIds: PipelineId[];
  /** Empty = every reason. */
  lossReasonIds: LossReasonId[];
  /** Deals lost without a reason: amoCRM allows it when reasons are optional in the account. */
  includeDealsWithoutReason: boolean;
  /** Null = no minimum. Compared with the deal's price (budget) as is, in the account currency. */
  minValue: number | null;
  /** Managers and groups in scope; both empty = everyone. A deal is in scope if either matches. */
  managerIds: UserId[];
  groupIds: GroupId[];
  /** 0..100: the share of matching deals that get a review. See ./sampling.ts. */
  samplingPercent: number;
  groupReviewers: GroupReviewer[];
  fallbackReviewerId: UserId | null;
  taskTypeId: TaskTypeId;
  due: ReviewDueSpec;
  /** Plain text with placeholders, see ./task-text.ts. */
  taskText: string;
}

/** What the account has right now; a rule may refer to things that have since been removed. */
export interface RefusalCatalog {
  pipelines: Pipeline[];
  reasons: LossReason[];
  users: AmoUser[];
  groups: UserGroup[];
  taskTypes: TaskType[];
}

/**
 * amoCRM's system task types exist in every account and are not always listed with the
 * custom ones (platform reference §4.7): 1 = call, 2 = meeting.
 */
export const SYSTEM_TASK_TYPE_IDS: readonly number[] = [1, 2];

export const hasTaskType = (catalog: RefusalCatalog, id: TaskTypeId): boolean =>
  SYSTEM_TASK_TYPE_IDS.includes(id) || catalog.taskTypes.some((t) => t.id === id);

export const findUser = (catalog: RefusalCatalog, id: UserId): AmoUser | undefined =>
  catalog.users.find((u) => u.id === id);
