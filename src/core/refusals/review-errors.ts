import type { LossReasonId, StatusId, TaskTypeId, UserId } from '../brand';
import type { ReviewState } from './review';

export type ReviewAction =
  | 'confirm' | 'return' | 'mark_won' | 'mark_lost_again' | 'mark_deal_deleted';

/** Why a transition was refused; `kind` maps to an i18n key in the UI. */
export type ReviewTransitionError =
  | { kind: 'invalid_transition'; from: ReviewState; action: ReviewAction }
  | { kind: 'advice_required' }
  /** A review without the manager's reason can only be confirmed with the head's reason. */
  | { kind: 'reason_required' }
  | { kind: 'unknown_reason'; reasonId: LossReasonId }
  /** No stage given and the stage it was lost from is unknown. */
  | { kind: 'stage_required' }
  /** The stage is gone, in another pipeline, or is not an open stage (won, lost, unsorted). */
  | { kind: 'stage_unavailable'; statusId: StatusId }
  | { kind: 'user_unavailable'; userId: UserId }
  | { kind: 'task_type_unavailable'; taskTypeId: TaskTypeId }
  | { kind: 'due_not_after_decision' };
