/**
 * The account configuration as the widget and the service exchange it (GET/PUT /api/v1/config).
 * Type-only, written out by hand: the service's zod schemas (src/service/config/schema.ts and
 * ./sections) are checked at compile time to read and produce exactly these shapes, so the two
 * cannot drift, and zod never reaches the widget bundle.
 *
 * `…Input` types are what a client may send: fields with a default may be left out. Ids are plain
 * numbers here; the service brands them where it reads them.
 */

/** Minutes since local midnight: 0 ≤ start < end ≤ 1440. */
export interface WorkingHoursInterval { start: number; end: number }

/**
 * Working hours, one shape for focus, distribution and refusals (the core's WeeklyHours):
 * ISO weekday (1 = Monday) → intervals, plus holidays (`YYYY-MM-DD`), wall-clock in the account's
 * zone. A missing or empty day is a day off.
 */
export interface WorkingHoursConfig {
  days: { 1?: WorkingHoursInterval[]; 2?: WorkingHoursInterval[]; 3?: WorkingHoursInterval[]; 4?: WorkingHoursInterval[]; 5?: WorkingHoursInterval[]; 6?: WorkingHoursInterval[]; 7?: WorkingHoursInterval[] };
  holidays: string[];
}

export interface WorkingHoursInput {
  /** Deprecated (docs/decisions/0003-account-time.md): checked, never stored. */
  timezone?: string;
  days: WorkingHoursConfig['days'];
  holidays?: string[];
}

// ---- heads and general ----

/** Who heads which group; groupId 0 is the account's default group. */
export type HeadsSection = Array<{ groupId: number; userIds: number[] }>;

export interface GeneralSection {
  /** Overrides the account's own time zone when set. */
  timezone?: string;
  /** Share of reviewed refusals the heads aim to return to work. */
  reviewTargetPercent: number;
}

interface GeneralSectionInput { timezone?: string; reviewTargetPercent?: number }

// ---- focus ----

type FocusTaskState = 'none' | 'overdue' | 'due_today' | 'later';
type FocusOrderKey = 'overdue_task' | 'no_task' | 'due_today' | 'value' | 'days_in_stage';

/** One layer of a focus filter; `null` on a nullable field means "no condition", absence means "inherit". */
export interface FocusFilterPatchInput {
  stages?: Array<{ pipelineId: number; statusId: number }>;
  taskStates?: FocusTaskState[];
  minDaysInStage?: number | null;
  minValue?: number | null;
  tagsIn?: string[];
  tagsOut?: string[];
  cooldownHours?: number | null;
  order?: FocusOrderKey[];
  idleTimeoutMinutes?: number;
  endOfDayMinute?: number | null;
}

export interface FocusSection {
  defaults: FocusFilterPatchInput;
  groups: Array<{ groupId: number; filter: FocusFilterPatchInput }>;
  managers: Array<{ managerId: number; filter: FocusFilterPatchInput }>;
  /** null = no restriction. */
  schedule: WorkingHoursConfig | null;
}

interface FocusSectionInput {
  defaults?: FocusFilterPatchInput;
  groups?: FocusSection['groups'];
  managers?: FocusSection['managers'];
  schedule?: WorkingHoursInput | null;
}

// ---- distribution ----

type DistributionMode = 'round_robin' | 'least_loaded' | 'weighted';
type WhenNobodyAvailable = { kind: 'hold' } | { kind: 'on_duty'; userId: number };

export interface DistributionPoolConfig {
  pipelineId: number;
  mode: DistributionMode;
  /** In rotation order; weight = share in weighted mode, cap = most open deals (null = none). */
  participants: Array<{ userId: number; weight: number; cap: number | null }>;
  /** Stages whose open deals count as load; empty = every open stage of the pipeline. */
  loadStatusIds: number[];
  /** null = no restriction (per-manager hours still apply). */
  hours: WorkingHoursConfig | null;
  stickyOwner: boolean;
  guard: boolean;
  whenNobodyAvailable: WhenNobodyAvailable;
  triggers: { digitalPipeline: boolean; dpStatusIds: number[]; webhookStatusIds: number[] };
}

export interface DistributionSection {
  pools: DistributionPoolConfig[];
  /** A manager's own hours replace the pool's. */
  managerHours: Array<{ userId: number; hours: WorkingHoursConfig }>;
}

interface DistributionPoolInput {
  pipelineId: number;
  mode?: DistributionMode;
  participants: Array<{ userId: number; weight?: number; cap?: number | null }>;
  loadStatusIds?: number[];
  hours?: WorkingHoursInput | null;
  stickyOwner?: boolean;
  guard?: boolean;
  whenNobodyAvailable?: WhenNobodyAvailable;
  triggers?: { digitalPipeline?: boolean; dpStatusIds?: number[]; webhookStatusIds?: number[] };
}

interface DistributionSectionInput {
  pools?: DistributionPoolInput[];
  managerHours?: Array<{ userId: number; hours: WorkingHoursInput }>;
}

// ---- refusals ----

type ReviewDue = { kind: 'within_working_hours'; hours: number } | { kind: 'next_working_day_at'; hour: number; minute: number };

export interface RefusalRuleConfig {
  id: string;
  name: string;
  enabled: boolean;
  pipelineIds: number[];
  lossReasonIds: number[];
  includeDealsWithoutReason: boolean;
  minValue: number | null;
  managerIds: number[];
  groupIds: number[];
  samplingPercent: number;
  groupReviewers: Array<{ groupId: number; reviewerId: number }>;
  fallbackReviewerId: number | null;
  taskTypeId: number;
  due: ReviewDue;
  taskText: string;
}

type RefusalRuleInput =
  & Pick<RefusalRuleConfig, 'id' | 'name' | 'taskTypeId' | 'taskText'>
  & Partial<Omit<RefusalRuleConfig, 'id' | 'name' | 'taskTypeId' | 'taskText'>>;

interface AdviceTemplate { id: string; title: string; text: string }

export interface RefusalsSection {
  rules: RefusalRuleConfig[];
  /** Review due times are counted in these hours. */
  schedule: WorkingHoursConfig;
  adviceTemplates: AdviceTemplate[];
  /** Defaults of the manager's task when a head returns a deal. */
  managerTask: { taskTypeId: number; dueInWorkingHours: number };
}

interface RefusalsSectionInput {
  rules?: RefusalRuleInput[];
  schedule?: WorkingHoursInput;
  adviceTemplates?: AdviceTemplate[];
  managerTask?: { taskTypeId?: number; dueInWorkingHours?: number };
}

// ---- the whole document ----

/** The configuration as stored and served (every section filled in). */
export interface AccountConfig {
  heads: HeadsSection;
  general: GeneralSection;
  distribution: DistributionSection;
  focus: FocusSection;
  refusals: RefusalsSection;
}

/**
 * What a client may send: sections with defaults may be left out.
 *
 * Working hours (`focus.schedule`, `distribution.pools[].hours`, `distribution.managerHours[].hours`,
 * `refusals.schedule`) have one shape: `{ days: { 1..7: [{ start, end }] }, holidays: ["YYYY-MM-DD"] }`,
 * minutes since local midnight in the account's zone (0–1440, start < end). A client still sending
 * one of the shapes from before issue 12 (distribution `{from: "HH:MM", to}`, refusals
 * `{start: "HH:MM", end}`, a section `timezone`) keeps working: the service upgrades it and
 * answers in the one shape (src/service/config/legacy-hours.ts); only a time that is no `HH:MM`
 * is a 400 at its field. Clients should send and expect the one shape.
 */
export interface AccountConfigInput {
  heads?: HeadsSection;
  general?: GeneralSectionInput;
  distribution?: DistributionSectionInput;
  focus?: FocusSectionInput;
  refusals?: RefusalsSectionInput;
}

/** Something the configuration points at that no longer exists in amoCRM. Shown, never fatal. */
export interface ConfigWarning {
  path: string;
  code: 'unknown_user' | 'inactive_user' | 'unknown_group';
  message: string;
}

export interface ConfigResponse {
  version: number;
  config: AccountConfig;
  warnings: ConfigWarning[];
  updatedAt: string | null;
}

export interface SaveConfigRequest { version: number; config: AccountConfigInput }

/** 409 body: the save was based on an old version; here is what is current now. */
export interface ConfigConflictResponse { error: 'version_conflict'; current: ConfigResponse }
