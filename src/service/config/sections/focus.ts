/**
 * Focus settings (PRODUCT.md "Focus"; issue 5 "Admin: focus filters"): account defaults, a filter
 * per group and per-manager overrides — exactly the layers of core `FocusConfig` — plus the
 * working schedule availability reads. Every field of a layer is optional: what a layer leaves
 * out falls through to the one below (core resolveFilterFor).
 *
 * Meaning checks that zod cannot express alone (a stage that no longer exists, a user who left)
 * are warnings, not errors: see src/service/focus/config.ts and ../warnings.ts.
 */
import { z } from 'zod';
import { workingHoursSchema } from './working-hours';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** amoCRM user group id; 0 is the account's default group. */
const groupId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const minuteOfDay = z.number().int().min(0).max(1439);
const tag = z.string().trim().min(1).max(100);

const TASK_STATES = ['none', 'overdue', 'due_today', 'later'] as const;
const ORDER_KEYS = ['overdue_task', 'no_task', 'due_today', 'value', 'days_in_stage'] as const;

const isUnique = (values: readonly unknown[]): boolean => new Set(values).size === values.length;

const stageRefSchema = z.object({ pipelineId: id, statusId: id }).strict();

/** One layer of a filter; `null` on a nullable field means "no condition", absence means "inherit". */
const focusFilterPatchSchema = z.object({
  stages: z.array(stageRefSchema).max(200)
    .refine((stages) => isUnique(stages.map((stage) => `${stage.pipelineId}:${stage.statusId}`)), 'a stage is listed twice')
    .optional(),
  taskStates: z.array(z.enum(TASK_STATES)).refine(isUnique, 'a task state is listed twice').optional(),
  minDaysInStage: z.number().int().min(0).max(3650).nullable().optional(),
  minValue: z.number().min(0).max(1e13).nullable().optional(),
  tagsIn: z.array(tag).max(50).optional(),
  tagsOut: z.array(tag).max(50).optional(),
  cooldownHours: z.number().min(0).max(24 * 90).nullable().optional(),
  order: z.array(z.enum(ORDER_KEYS)).max(ORDER_KEYS.length).refine(isUnique, 'an order key is listed twice').optional(),
  idleTimeoutMinutes: z.number().int().min(1).max(24 * 60).optional(),
  endOfDayMinute: minuteOfDay.nullable().optional(),
}).strict();

export const focusSectionSchema = z.object({
  defaults: focusFilterPatchSchema.default({}),
  groups: z.array(z.object({ groupId, filter: focusFilterPatchSchema }).strict()).max(500)
    .refine((groups) => isUnique(groups.map((entry) => entry.groupId)), 'a group is listed twice')
    .default([]),
  managers: z.array(z.object({ managerId: id, filter: focusFilterPatchSchema }).strict()).max(2000)
    .refine((managers) => isUnique(managers.map((entry) => entry.managerId)), 'a manager is listed twice')
    .default([]),
  /** Working hours (./working-hours.ts) in the account's zone; null = no restriction. */
  schedule: workingHoursSchema.nullable().default(null),
}).strict().default({ defaults: {}, groups: [], managers: [], schedule: null });
