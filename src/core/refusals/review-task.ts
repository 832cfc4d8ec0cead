/**
 * The review task a matched loss produces: for whom, of which type, with what text, due when.
 * Due times count working hours in the account's time zone (src/core/time), so a deal lost on
 * Friday evening is not overdue by Saturday morning.
 */
import type { EpochMs, LeadId, TaskTypeId, UnixSeconds, UserId } from '../brand';
import { toEpochMs, toUnixSeconds } from '../brand';
import type { WorkingSchedule } from '../time';
import { addWorkingMinutes, nextWorkingDayAt } from '../time';
import type { LostDeal, RuleMatch } from './match-rules';
import type { RefusalCatalog, ReviewDueSpec } from './rule';
import type { TaskTextContext } from './task-text';
import { deriveTaskTextValues, renderTaskText } from './task-text';

/** Null when the schedule has no working time at all within the time module's search span. */
export function computeReviewDueAt(spec: ReviewDueSpec, schedule: WorkingSchedule, lostAt: EpochMs): EpochMs | null {
  if (spec.kind === 'within_working_hours') return addWorkingMinutes(schedule, lostAt, spec.hours * 60);
  return nextWorkingDayAt(schedule, lostAt, spec.hour * 60 + spec.minute);
}

export interface ReviewTaskRequest {
  leadId: LeadId;
  responsibleUserId: UserId;
  taskTypeId: TaskTypeId;
  text: string;
  completeTill: UnixSeconds;
}

/**
 * `lostAt` is the loss time (closed_at), not "now": a retry or a backfill run days later must
 * compute the same due time as the first attempt. An empty schedule falls back to calendar hours
 * (or the next day at the given time) rather than leaving the review without a deadline.
 */
export function deriveReviewTaskRequest(
  match: Extract<RuleMatch, { kind: 'review' }>,
  lost: LostDeal,
  lostAt: UnixSeconds,
  env: { catalog: RefusalCatalog; schedule: WorkingSchedule; text: TaskTextContext },
): ReviewTaskRequest {
  const lostAtMs = toEpochMs(lostAt);
  const due = computeReviewDueAt(match.rule.due, env.schedule, lostAtMs) ?? computeCalendarDueAt(match.rule.due, lostAtMs);
  return {
    leadId: lost.deal.id,
    responsibleUserId: match.reviewer.reviewerId,
    taskTypeId: match.rule.taskTypeId,
    text: renderTaskText(match.rule.taskText, deriveTaskTextValues(lost.deal, env.catalog, env.text)),
    completeTill: toUnixSeconds(due),
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function computeCalendarDueAt(spec: ReviewDueSpec, lostAt: EpochMs): EpochMs {
  return (spec.kind === 'within_working_hours' ? lostAt + spec.hours * HOUR_MS : lostAt + DAY_MS) as EpochMs;
}
