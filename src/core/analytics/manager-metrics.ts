/**
 * Per-manager numbers a sales head steers by (PRODUCT.md "Analytics for the sales head").
 *
 * - "Without a task" / "overdue" read `closest_task_at` on the lead (null = no open task,
 *   < now = overdue), the same signal amoCRM's own list filters use, so no task fetch is needed.
 * - "Done on time": amoCRM tasks carry no completion time; for a completed task `updated_at` is
 *   the closest we have (editing a task after completing it is rare). A task counts when it was
 *   due in the period and is either completed or already past due; on time = completed with
 *   `updated_at` ≤ `complete_till`.
 * - Conversion only over mature leads: created in the period and at least `maturityDays` before
 *   `now`, so young leads still in work do not drag it down.
 */
import type { UnixSeconds, UserId } from '../brand';
import { STATUS_LOST, STATUS_WON } from '../brand';
import type { Deal, Task } from '../domain';
import type { Period, ReasonCount } from './losses';
import { computeLossesByReason } from './losses';

/** The task and mature-lead numbers of a manager; the checklist serves them as they are (contract `ChecklistValues`). */
export interface TaskAndMaturityCounts {
  /** Tasks due in the period (completed or already past due) and those completed by their due time. */
  tasksDue: number;
  tasksOnTime: number;
  /** tasksOnTime / tasksDue; null without due tasks. */
  onTimeShare: number | null;
  /** Leads created in the maturity window and how many of them were won. */
  matureLeads: number;
  matureWon: number;
  /** matureWon / matureLeads; null without mature leads. */
  matureConversion: number | null;
}

export interface ManagerMetrics extends TaskAndMaturityCounts {
  userId: UserId;
  openDeals: number;
  withoutTask: number;
  withOverdueTask: number;
  lossesByReason: ReasonCount[];
}

export interface ManagerMetricsInput {
  deals: readonly Deal[];
  tasks: readonly Task[];
  now: UnixSeconds;
  period: Period;
  maturityDays: number;
}

export const isOpenDeal = (deal: Deal): boolean => deal.statusId !== STATUS_WON && deal.statusId !== STATUS_LOST;
const hasNoTask = (deal: Deal): boolean => deal.closestTaskAt === null;
const hasOverdueTask = (deal: Deal, now: UnixSeconds): boolean => deal.closestTaskAt !== null && deal.closestTaskAt < now;

const DAY_SECONDS = 86_400;
const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function computeTaskTimeliness(tasks: readonly Task[], period: Period, now: UnixSeconds): { due: number; onTime: number } {
  const due = tasks.filter((t) => t.completeTill >= period.from && t.completeTill < period.to && (t.isCompleted || t.completeTill < now));
  return { due: due.length, onTime: due.filter((t) => t.isCompleted && t.updatedAt <= t.completeTill).length };
}

export function computeManagerMetrics(userId: UserId, input: ManagerMetricsInput): ManagerMetrics {
  const deals = input.deals.filter((d) => d.responsibleUserId === userId);
  const open = deals.filter(isOpenDeal);
  const tasks = computeTaskTimeliness(input.tasks.filter((t) => t.responsibleUserId === userId), input.period, input.now);
  const matureBy = input.now - input.maturityDays * DAY_SECONDS;
  const mature = deals.filter((d) => d.createdAt >= input.period.from && d.createdAt < input.period.to && d.createdAt <= matureBy);
  const matureWon = mature.filter((d) => d.statusId === STATUS_WON).length;
  return {
    userId,
    openDeals: open.length,
    withoutTask: open.filter(hasNoTask).length,
    withOverdueTask: open.filter((d) => hasOverdueTask(d, input.now)).length,
    tasksDue: tasks.due,
    tasksOnTime: tasks.onTime,
    onTimeShare: rate(tasks.onTime, tasks.due),
    matureLeads: mature.length,
    matureWon,
    matureConversion: rate(matureWon, mature.length),
    lossesByReason: computeLossesByReason(input.deals, input.period, userId),
  };
}

/** One row per manager who has a deal or a task in the input, most open deals first. */
export function computeTeamMetrics(input: ManagerMetricsInput): ManagerMetrics[] {
  const ids = new Set<UserId>([...input.deals.map((d) => d.responsibleUserId), ...input.tasks.map((t) => t.responsibleUserId)]);
  return [...ids].map((id) => computeManagerMetrics(id, input)).sort((a, b) => b.openDeals - a.openDeals || a.userId - b.userId);
}

