/** Account-wide settings that every feature reads. */
import { z } from 'zod';
import { isValidTimeZone } from '../../../core/time/zone';

export const generalSectionSchema = z.object({
  /** Overrides the account's own time zone (GET /api/v4/account `timezone`) when set. */
  timezone: z.string().max(64).refine(isValidTimeZone, 'not an IANA time zone').optional(),
  /** Share of reviewed refusals the heads aim to return to work (PRODUCT: about 10%). */
  reviewTargetPercent: z.number().min(0).max(100).default(10),
}).strict().default({ reviewTargetPercent: 10 });
