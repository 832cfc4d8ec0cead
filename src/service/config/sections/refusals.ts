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
import type { RefusalCatalog } from '../../../core/refusals';
import { validateRule } from '../../../core/refusals';
import { toRefusalRule } from '../../../core/refusals/stored-rule';
import { deriveScheduleProblems } from '../../../core/time/validate';
import { NINE_TO_SIX_WEEKDAYS, workingHoursSchema } from './working-hours';

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

export const adviceTemplateSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
}).strict();

const sectionObject = z.object({
  rules: z.array(refusalRuleSchema).max(50).default([]),
  /** Working hours (./working-hours.ts) review due times are counted in, in the account's zone. */
  schedule: workingHoursSchema.default(() => structuredClone(NINE_TO_SIX_WEEKDAYS)),
  adviceTemplates: z.array(adviceTemplateSchema).max(100).default([]),
  /** Defaults of the manager's task when a head returns a deal. */
  managerTask: z.object({
    taskTypeId: positiveId.default(1),
    /** Working hours after the decision. */
    dueInWorkingHours: z.number().positive().max(24 * 7).default(4),
  }).strict().default({ taskTypeId: 1, dueInWorkingHours: 4 }),
}).strict();

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
  // Due times are counted in working time: a week without any would leave every review undated.
  if (deriveScheduleProblems(section.schedule).some((problem) => problem.code === 'no_working_time')) {
    ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'no_working_time' });
  }
}).default(() => sectionObject.parse({}));

