/**
 * Shapes of the sales-head analytics API (/api/v1/analytics/…), shared with the widget. Types only:
 * the widget imports this file with `import type`, so nothing here reaches the bundle.
 *
 * Conventions: times are Unix seconds; periods are half-open [from, to); money is in the
 * account's currency (`currency`), dates are to be shown in the account's time zone (`timezone`);
 * shares are fractions 0..1 (null when the denominator is 0). Every list row that is a deal
 * carries `leadId`, `leadName` and `link` (the deal card URL) so the UI can link to it.
 *
 * Roles (enforced by the service): an admin sees every manager; a head sees the managers of their
 * groups; a manager gets only their own checklist row (every other route answers 403
 * `heads_only`). A `managerId`/`groupId` filter outside the caller's scope answers 403
 * `out_of_scope`.
 *
 * Routes (all GET unless marked):
 *   /api/v1/analytics/status                 → MirrorStatus
 *   POST /api/v1/analytics/backfill          → MirrorStatus           (admin: rebuild the mirror)
 *   /api/v1/analytics/checklist              ChecklistQuery → ChecklistResponse
 *   /api/v1/analytics/targets                → TargetsResponse
 *   PUT /api/v1/analytics/targets            SaveTargetsRequest → TargetsResponse (heads: own groups; admin: every group and account-wide)
 *   /api/v1/analytics/settings               → AnalyticsSettings
 *   PUT /api/v1/analytics/settings           AnalyticsSettings → AnalyticsSettings (admin)
 *   /api/v1/analytics/funnel                 FunnelQuery → FunnelResponse
 *   /api/v1/analytics/losses                 LossesQuery → LossesResponse
 *   /api/v1/analytics/losses/deals           LossDealsQuery → LossDealsResponse
 *   /api/v1/analytics/cohorts                CohortsQuery → CohortsResponse
 *   /api/v1/analytics/tags                   TagsQuery → TagsResponse  (tags seen on the mirror's deals, for the cohort slice)
 *   /api/v1/analytics/control/stuck          StuckQuery → StuckResponse
 *   /api/v1/analytics/control/distant-tasks  DistantTasksQuery → DistantTasksResponse
 */
import type { CohortCounts } from '../core/analytics/cohort-table';
import type { TaskAndMaturityCounts } from '../core/analytics/manager-metrics';

// ---------------------------------------------------------------------------------------------
// Mirror / backfill status

export type MirrorState = 'empty' | 'backfilling' | 'ready' | 'failed';
export type MirrorPhase = 'leads' | 'events' | 'tasks';

export interface PhaseProgress {
  /** Rows read so far. */
  done: number;
  /** Pages read so far. */
  pages: number;
  /** True once the last page of this phase was read. */
  finished: boolean;
}

export interface MirrorStatus {
  state: MirrorState;
  /** The phase being read while backfilling; null otherwise. */
  phase: MirrorPhase | null;
  progress: Record<MirrorPhase, PhaseProgress>;
  startedAt: number | null;
  finishedAt: number | null;
  /** The last successful incremental sync (webhook catch-up), Unix seconds. */
  lastSyncAt: number | null;
  /** Why the last backfill or sync failed; null when fine. */
  error: string | null;
  /** Rows in the mirror now. */
  counts: { leads: number; statusChanges: number; tasks: number };
  /** The first day (YYYY-MM-DD, account zone) a daily snapshot exists for; null = none yet. */
  snapshotsSince: string | null;
}

// ---------------------------------------------------------------------------------------------
// Checklist

/** Metrics of the checklist, in display order. Targets exist for these keys. */
export type ChecklistMetric =
  | 'openDeals'
  | 'withoutTask'
  | 'withOverdueTask'
  | 'onTimeShare'
  | 'matureConversion'
  | 'losses'
  | 'leadsReceived';

export interface ReasonLosses { reasonId: number | null; reasonName: string | null; count: number; value: number }

/** One week of a checklist row; the task and mature-lead numbers are the week's, the window `maturityDays`. */
export interface ChecklistValues extends TaskAndMaturityCounts {
  /** Point-in-time (end of the week, or now for the current week; past weeks from daily snapshots). Null = no snapshot for that week. */
  openDeals: number | null;
  withoutTask: number | null;
  withOverdueTask: number | null;
  /** Deals lost (closed in the week), total and by reason. */
  losses: number;
  lossesValue: number;
  lossesByReason: ReasonLosses[];
  /** Leads given to the manager by distribution in the week (its decision log); null = distribution not used. */
  leadsReceived: number | null;
}

/** One week's value of each metric, for sparklines; oldest first. */
export interface ChecklistHistoryPoint { weekStart: number; values: Record<ChecklistMetric, number | null> }

export interface ChecklistRow {
  /** null for the team total. */
  userId: number | null;
  name: string;
  groupId: number | null;
  current: ChecklistValues;
  previous: ChecklistValues;
  /** current − previous per metric (shares in fraction points); null when either is null. */
  change: Record<ChecklistMetric, number | null>;
  /** Metrics of `current` outside their target's allowed deviation (the highlighted cells). */
  outOfBand: ChecklistMetric[];
  /** `weeks` weeks ending with the current one. */
  history: ChecklistHistoryPoint[];
}

export interface ChecklistQuery {
  /** Any moment inside the week to read as "current"; default now. Weeks start Monday 00:00 in the account zone. */
  at?: number;
  /** Weeks of history for sparklines, including the current one; default 8, max 52. */
  weeks?: number;
  /** Only this group's managers (heads: one of theirs). */
  groupId?: number;
}

export interface ChecklistResponse {
  timezone: string;
  currency: string;
  weekStart: number;
  previousWeekStart: number;
  maturityDays: number;
  metrics: ChecklistMetric[];
  /** One row per manager the caller may see (a manager: only themselves), by name. */
  rows: ChecklistRow[];
  /** Sum over `rows` (shares recomputed from the summed parts); null for a manager. */
  total: ChecklistRow | null;
  /** Targets that apply to the rows (the caller's scope). */
  targets: MetricTarget[];
  mirror: MirrorStatus;
}

// ---------------------------------------------------------------------------------------------
// Targets

/**
 * `at_least`: out of band when value < target − allowedDeviation (e.g. onTimeShare 0.9 ± 0.05);
 * `at_most`: out of band when value > target + allowedDeviation (e.g. withoutTask 0 ± 5).
 * A target applies to each manager row of its group (groupId null = every group without its own
 * target for that metric). On the team total only share metrics (onTimeShare, matureConversion)
 * are compared; counts are per manager.
 */
export type TargetDirection = 'at_least' | 'at_most';

export interface MetricTarget {
  metric: ChecklistMetric;
  /** null = account-wide default. */
  groupId: number | null;
  value: number;
  allowedDeviation: number;
  direction: TargetDirection;
  updatedBy: number;
  updatedAt: number;
}

export interface TargetsResponse { targets: MetricTarget[] }

export interface SaveTargetsRequest {
  /** The group whose targets are replaced (null: the account-wide ones, admin only). */
  groupId: number | null;
  /** The full new list for that group: metrics left out lose their target. */
  targets: Array<{ metric: ChecklistMetric; value: number; allowedDeviation: number; direction: TargetDirection }>;
}

// ---------------------------------------------------------------------------------------------
// Settings (limits used by the control lists and the cohort cut-off)

export interface AnalyticsSettings {
  /** Days a deal may stay in a stage before it is "stuck", per status id (as a string key); stages absent are not checked. */
  stuckLimitDays: Record<string, number>;
  /** A next task more than this many days away is listed; default 14. */
  taskGapDays: number;
  /** Overrides the computed maturity cut-off (days) for every pipeline; null = computed. */
  maturityDaysOverride: number | null;
}

// ---------------------------------------------------------------------------------------------
// Stage funnel

export type SkippedStagePolicy = 'visited_only' | 'assume_passed';

/**
 * A period is one of: `from`/`to` (Unix seconds, [from, to)); `period`, a calendar period in the
 * account's zone (a current one ends now); or `fromDay`/`toDay` (YYYY-MM-DD, whole local days, both
 * included). Responses carry the resolved from/to.
 */
export type CalendarPeriod = 'this_week' | 'last_week' | 'this_month' | 'last_month' | 'this_quarter' | 'last_quarter';
export interface PeriodQuery { from?: number; to?: number; period?: CalendarPeriod; fromDay?: string; toDay?: string }

export interface FunnelQuery extends PeriodQuery {
  pipelineId: number;
  /** Deals created in the period. */
  /** Default `visited_only` (ours); `assume_passed` reproduces amoCRM's report. */
  policy?: SkippedStagePolicy;
  groupId?: number;
  managerId?: number;
}

export interface FunnelStageRow {
  statusId: number;
  name: string;
  entered: number;
  /** Reached a later open stage or won. */
  progressed: number;
  /** Lost while in this stage. */
  lost: number;
  progressRate: number | null;
}

export interface ManagerStageTime {
  userId: number;
  name: string;
  /** Median days of this manager's finished visits to the stage; null without visits. */
  medianDays: number | null;
  visits: number;
  /**
   * Differs sharply from the team: ≥ 2× or ≤ ½ of the team median, with at least 3 visits
   * (and a team median > 0).
   */
  outlier: boolean;
}

export interface StageTimeRow {
  statusId: number;
  name: string;
  teamMedianDays: number | null;
  teamVisits: number;
  managers: ManagerStageTime[];
}

export interface FunnelResponse {
  pipelineId: number;
  from: number;
  to: number;
  policy: SkippedStagePolicy;
  stages: FunnelStageRow[];
  deals: number;
  won: number;
  lost: number;
  /** Median days per stage over visits that ended in the period, per manager vs team. */
  stageTimes: StageTimeRow[];
  mirror: MirrorStatus;
}

// ---------------------------------------------------------------------------------------------
// Where deals are lost

/** Deals closed as lost in the period. */
export interface LossesQuery extends PeriodQuery {
  pipelineId?: number;
  groupId?: number;
  managerId?: number;
}

export interface LossCellDto {
  /** null: the stage is unknown (created as lost, or history missing). */
  lostFromStatusId: number | null;
  stageName: string | null;
  reasonId: number | null;
  reasonName: string | null;
  count: number;
  value: number;
}

export interface LossesResponse {
  from: number;
  to: number;
  currency: string;
  cells: LossCellDto[];
  total: { count: number; value: number };
  mirror: MirrorStatus;
}

export interface LossDealsQuery extends LossesQuery {
  /** A number, or 'none' for the null stage / reason. */
  lostFromStatusId: number | 'none';
  reasonId: number | 'none';
  limit?: number;
  offset?: number;
}

export interface DealRef { leadId: number; leadName: string; link: string }

export interface LossDealItem extends DealRef {
  value: number;
  managerId: number;
  managerName: string;
  pipelineId: number;
  lostFromStatusId: number | null;
  reasonId: number | null;
  closedAt: number;
}

export interface LossDealsResponse { items: LossDealItem[]; total: number }

// ---------------------------------------------------------------------------------------------
// Cohort funnel

export type CohortGranularity = 'week' | 'month';
export type CohortSlice = 'manager' | 'tag';

export interface TagsQuery { pipelineId?: number }
/** Tags on deals in the mirror that the caller may see, most used first. */
export interface TagsResponse { tags: Array<{ name: string; deals: number }> }

/** Cohorts starting in the period; without one, the last 26 weeks / 12 months. */
export interface CohortsQuery extends PeriodQuery {
  pipelineId: number;
  by?: CohortGranularity;
  /** Overrides the cut-off; default: the settings override, else the pipeline's 80th percentile time to win. */
  maturityDays?: number;
  policy?: SkippedStagePolicy;
  groupId?: number;
  managerId?: number;
  tag?: string;
  /** Adds `slices`: mature totals per manager or per tag. */
  sliceBy?: CohortSlice;
}

/** The cohort counts as the core computes them (src/core/analytics/cohort-table.ts). */
export type CohortTotals = CohortCounts;

export interface CohortRowDto extends CohortTotals {
  /** Start of the week (Monday 00:00) or month (1st 00:00) in the account zone. */
  start: number;
  /** False: younger than the cut-off — shown apart, not in totals. */
  mature: boolean;
}

export interface MaturityCutoff {
  days: number;
  /** 'override': from the query or settings; 'p80_time_to_win': measured; 'fallback': too few won deals (< 5) to measure, 90 days. */
  basis: 'override' | 'p80_time_to_win' | 'fallback';
  /** Won deals the percentile was measured over. */
  wonDeals: number;
}

export interface CohortsResponse {
  pipelineId: number;
  by: CohortGranularity;
  policy: SkippedStagePolicy;
  cutoff: MaturityCutoff;
  stages: Array<{ statusId: number; name: string }>;
  /** Mature cohorts, oldest first. */
  cohorts: CohortRowDto[];
  /** Immature cohorts (left out of totals), oldest first, and how many leads they hold. */
  immature: CohortRowDto[];
  immatureLeads: number;
  /** Over mature cohorts only. */
  totals: CohortTotals;
  /** Present when `sliceBy` was given: mature totals per slice, largest first. */
  slices?: Array<{ key: string; label: string; totals: CohortTotals }>;
  mirror: MirrorStatus;
}

// ---------------------------------------------------------------------------------------------
// Control lists

export interface ControlQuery {
  pipelineId?: number;
  groupId?: number;
  managerId?: number;
  limit?: number;
  offset?: number;
}

export type StuckQuery = ControlQuery;

export interface StuckDealItem extends DealRef {
  pipelineId: number;
  statusId: number;
  managerId: number;
  managerName: string;
  value: number;
  /** When the deal entered its current stage (from status changes; creation when it never moved). */
  enteredAt: number;
  daysInStage: number;
  limitDays: number;
}

/** Longest beyond its limit first. */
export interface StuckResponse { items: StuckDealItem[]; total: number; limits: Record<string, number> }

export interface DistantTasksQuery extends ControlQuery {
  /** Default: settings.taskGapDays. */
  days?: number;
}

export interface DistantTaskItem extends DealRef {
  pipelineId: number;
  statusId: number;
  managerId: number;
  managerName: string;
  value: number;
  nextTaskAt: number;
  daysAway: number;
}

/** Furthest first. */
export interface DistantTasksResponse { items: DistantTaskItem[]; total: number; days: number }
