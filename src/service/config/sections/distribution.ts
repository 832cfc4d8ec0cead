/**
 * Lead distribution settings (PRODUCT.md "Distribution"): one pool per pipeline — who takes its
 * new leads, how they are chosen, their caps and working hours, what happens when nobody can take
 * one — and which triggers feed it. Times of day are wall-clock in the account's time zone
 * (general.timezone, else the account's own), in the one working-hours shape (./working-hours.ts).
 */
import { z } from 'zod';
import { workingHoursSchema } from './working-hours';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const participant = z.object({
  userId: id,
  /** Share in weighted mode (2 = twice the leads of 1); 0 = none there. */
  weight: z.number().int().min(0).max(100).default(1),
  /** Most open deals (in the pool's load stages) this manager may hold; null = no cap. */
  cap: z.number().int().min(1).max(10_000).nullable().default(null),
}).strict();

const whenNobodyAvailable = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hold') }).strict(),
  z.object({ kind: z.literal('on_duty'), userId: id }).strict(),
]);

const pool = z.object({
  pipelineId: id,
  mode: z.enum(['round_robin', 'least_loaded', 'weighted']).default('round_robin'),
  /** In rotation order. */
  participants: z.array(participant).max(200).refine(
    (list) => new Set(list.map((entry) => entry.userId)).size === list.length,
    'a participant is listed twice',
  ),
  /** Stages whose open deals count as load (least loaded, caps); empty = every open stage of the pipeline. */
  loadStatusIds: z.array(id).max(100).default([]),
  /** The pool's working hours; null = no restriction (per-manager hours still apply). */
  hours: workingHoursSchema.nullable().default(null),
  stickyOwner: z.boolean().default(false),
  guard: z.boolean().default(false),
  whenNobodyAvailable: whenNobodyAvailable.default({ kind: 'hold' }),
  triggers: z.object({
    /** The Digital Pipeline widget action (manifest `dp.webhook_url`). */
    digitalPipeline: z.boolean().default(true),
    /**
     * The stages the DP action sits on (amoCRM has no API to read them). A DP webhook is acted on
     * only for a lead currently in one of them; empty = the pipeline's first open stage.
     */
    dpStatusIds: z.array(id).max(100).default([]),
    /** Also distribute leads created in / moved into these stages, seen through account webhooks. */
    webhookStatusIds: z.array(id).max(100).default([]),
  }).strict().default({ digitalPipeline: true, dpStatusIds: [], webhookStatusIds: [] }),
}).strict().superRefine((value, ctx) => {
  if (value.mode === 'weighted' && value.participants.length > 0 && value.participants.every((entry) => entry.weight === 0)) {
    ctx.addIssue({ code: 'custom', message: 'at least one participant needs a weight above 0', path: ['participants'] });
  }
});

export const distributionSectionSchema = z.object({
  pools: z.array(pool).max(50).refine(
    (pools) => new Set(pools.map((entry) => entry.pipelineId)).size === pools.length,
    'a pipeline has two pools',
  ).default([]),
  /** A manager's own hours replace the pool's. */
  managerHours: z.array(z.object({ userId: id, hours: workingHoursSchema }).strict()).max(500).refine(
    (list) => new Set(list.map((entry) => entry.userId)).size === list.length,
    'a manager is listed twice',
  ).default([]),
}).strict().default({ pools: [], managerHours: [] });
