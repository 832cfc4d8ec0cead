/**
 * What happened to a deal while it was on screen, and whether it may still be shown.
 * PRODUCT.md: "Worked means something happened: a future task exists, the stage moved, or the
 * deal closed" — a deal left without a next step is the classic way deals get lost, so "Next"
 * without one asks for a task first.
 */
import { STATUS_WON, toEpochMs, type EpochMs, type UserId } from '../brand';
import type { Deal } from '../domain';
import { deriveExclusion, isClosed, type ExclusionReason, type FocusContext } from './eligibility';
import type { FocusFilter } from './filter';

export interface WorkOutcome {
  readonly hasFutureTask: boolean;
  /** The nearest task changed and lies in the future: the manager (or someone) set a next step. */
  readonly taskSet: boolean;
  readonly movedStage: boolean;
  readonly closed: 'won' | 'lost' | null;
}

export function deriveWorkOutcome(before: Deal, after: Deal, now: EpochMs): WorkOutcome {
  const hasFutureTask = after.closestTaskAt !== null && toEpochMs(after.closestTaskAt) > now;
  const closedNow = isClosed(after) && !isClosed(before);
  return {
    hasFutureTask,
    taskSet: hasFutureTask && after.closestTaskAt !== before.closestTaskAt,
    movedStage: after.statusId !== before.statusId || after.pipelineId !== before.pipelineId,
    closed: closedNow ? (after.statusId === STATUS_WON ? 'won' : 'lost') : null,
  };
}

/** True when "Next" may move on: a future task exists, the stage moved, or the deal is closed. */
export function isWorked(before: Deal, after: Deal, now: EpochMs): boolean {
  const outcome = deriveWorkOutcome(before, after, now);
  return outcome.hasFutureTask || outcome.movedStage || isClosed(after);
}

export type RecheckResult =
  | { readonly kind: 'still_matches' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'reassigned'; readonly to: UserId }
  | { readonly kind: 'no_longer_matches'; readonly reason: ExclusionReason };

/**
 * Checks a freshly fetched deal again right before it is shown: queues are built once per
 * session, and meanwhile the deal may have closed, changed hands, or been touched by someone.
 * `ctx` is the same context the queue was built with (its `now` moved on).
 */
export function recheckDeal(deal: Deal, filter: FocusFilter, managerId: UserId, ctx: FocusContext): RecheckResult {
  const reason = deriveExclusion(deal, filter, managerId, ctx);
  if (!reason) return { kind: 'still_matches' };
  if (reason.code === 'closed') return { kind: 'closed' };
  if (reason.code === 'not_responsible') return { kind: 'reassigned', to: reason.responsibleUserId };
  return { kind: 'no_longer_matches', reason };
}
