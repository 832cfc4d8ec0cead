/**
 * Refusal control settings (PRODUCT.md "Refusal control"): the rules as the core knows them
 * (src/core/refusals/rule.ts), the working schedule review due times are counted in, the advice
 * templates heads pick from and the defaults of the manager's task on a return.
 *
 * Input errors the core knows about (empty name, sampling out of range, no reviewer, …) are
 * reported here with field paths; references to things removed in amoCRM are warnings, served
 * by GET /api/v1/refusals/rules/warnings (they need the account's catalog, which zod has not).
 * The return-rate target lives in `general.reviewTargetPercent` (one number, one place).
 */
import { z } from 'zod';
import { calendarDate } from '../../http/validation';
import type { RefusalCatalog } from '../../../core/refusals';
import { validateRule } from '../../../core/refusals';
import { toRefusalRule } from '../../../core/refusals/stored-rule';
import type { WorkingSchedule } from '../../../core/time';
import { deriveScheduleProblems, FALLBACK_ZONE, isValidTimeZone, parseClockTime } from '../../../core/time';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const idList = z.array(id).max(500);

const dueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('within_working_hours'), hours: z.number() }).strict(),
  z.object({ kind: z.literal('next_working_day_at'), hour: z.number().int(), minute: z.number().int() }).strict(),
]);

const refusalRuleSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  name: z.string().max(200),
  enabled: z.boolean().default(true),
  pipelineIds: idList.default([]),
  lossReasonIds: idList.default([]),
  includeDealsWithoutReason: z.boolean().default(false),
  minValue: z.number().nullable().default(null),
  managerIds: idList.default([]),
  groupIds: idList.default([]),
  samplingPercent: z.number().default(100),
  groupReviewers: z.array(z.object({ groupId: id, reviewerId: positiveId }).strict()).max(500).default([]),
  fallbackReviewerId: positiveId.nullable().default(null),
  taskTypeId: positiveId,
  due: dueSchema.default({ kind: 'within_working_hours', hours: 8 }),
  taskText: z.string().max(2000),
}).strict();

const clock = z.string().refine((text) => parseClockTime(text) !== null, 'HH:MM');
const intervals = z.array(z.object({ start: clock, end: clock }).strict()).max(6);

const refusalScheduleSchema = z.object({
  /**
   * Deprecated and ignored: refusal hours are read in the account's zone like every other feature's
   * (docs/decisions/0003-account-time.md). Still accepted so documents saved before parse.
   */
  timezone: z.string().max(64).refine(isValidTimeZone, 'not an IANA time zone').optional(),
  /** ISO weekday "1" (Monday) … "7" → working intervals in local time. */
  days: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), intervals).default({
    1: [{ start: '09:00', end: '18:00' }], 2: [{ start: '09:00', end: '18:00' }], 3: [{ start: '09:00', end: '18:00' }],
    4: [{ start: '09:00', end: '18:00' }], 5: [{ start: '09:00', end: '18:00' }],
  }),
  holidays: z.array(calendarDate('YYYY-MM-DD')).max(400).default([]),
}).strict();

export const adviceTemplateSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
}).strict();

const sectionObject = z.object({
  rules: z.array(refusalRuleSchema).max(50).default([]),
  schedule: refusalScheduleSchema.default(() => refusalScheduleSchema.parse({})),
  adviceTemplates: z.array(adviceTemplateSchema).max(100).default([]),
  /** Defaults of the manager's task when a head returns a deal. */
  managerTask: z.object({
    taskTypeId: positiveId.default(1),
    /** Working hours after the decision. */
    dueInWorkingHours: z.number().positive().max(24 * 7).default(4),
  }).strict().default({ taskTypeId: 1, dueInWorkingHours: 4 }),
}).strict();

export type RefusalsSection = z.output<typeof sectionObject>;
export type RefusalRuleConfig = z.output<typeof refusalRuleSchema>;
export type RefusalScheduleConfig = z.output<typeof refusalScheduleSchema>;

/** Nothing in the catalog: input errors only; catalog warnings come from the endpoint. */
const EMPTY_CATALOG: RefusalCatalog = { pipelines: [], reasons: [], users: [], groups: [], taskTypes: [] };

export const refusalsSectionSchema = sectionObject.superRefine((section, ctx) => {
  const seen = new Set<string>();
  section.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'a rule id is used twice' });
    seen.add(rule.id);
    for (const issue of validateRule(toRefusalRule(rule), EMPTY_CATALOG).errors) {
      ctx.addIssue({ code: 'custom', path: ['rules', index, issue.field], message: issue.code });
    }
  });
  for (const problem of deriveScheduleProblems(toWorkingSchedule(section.schedule, FALLBACK_ZONE))) {
    const path = problem.code === 'bad_interval' ? ['schedule', 'days', String(problem.weekday), problem.index]
      : problem.code === 'overlapping_intervals' ? ['schedule', 'days', String(problem.weekday)]
        : problem.code === 'bad_holiday' ? ['schedule', 'holidays'] : ['schedule'];
    ctx.addIssue({ code: 'custom', path, message: problem.code });
  }
}).default(() => sectionObject.parse({}));


/** Hours are wall-clock in the account's zone (core resolveAccountTimeZone), passed in by the caller. */
export function toWorkingSchedule(schedule: RefusalScheduleConfig, timezone: string): WorkingSchedule {
  const days: Record<string, Array<{ start: number; end: number }>> = {};
  for (const [weekday, list] of Object.entries(schedule.days)) {
    days[weekday] = (list ?? []).map((interval) => ({
      start: parseClockTime(interval.start) ?? 0,
      end: parseClockTime(interval.end) ?? 0,
    }));
  }
  return { timezone, days: days as WorkingSchedule['days'], holidays: schedule.holidays };
}
