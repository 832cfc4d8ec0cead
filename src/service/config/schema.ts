/**
 * The account configuration: one zod schema per section (./sections/*), composed here.
 * Adding a feature's settings = a new section file + one line below; every section has a default,
 * so configurations saved before the section existed still parse.
 */
import { z } from 'zod';
import { focusSectionSchema } from './sections/focus';
import { generalSectionSchema } from './sections/general';
import { headsSectionSchema } from './sections/heads';
import { distributionSectionSchema } from './sections/distribution';
import { refusalsSectionSchema } from './sections/refusals';

export const accountConfigSchema = z.object({
  heads: headsSectionSchema,
  general: generalSectionSchema,
  distribution: distributionSectionSchema,
  focus: focusSectionSchema,
  refusals: refusalsSectionSchema,
}).strict();

export type AccountConfig = z.output<typeof accountConfigSchema>;

export const defaultAccountConfig = (): AccountConfig => accountConfigSchema.parse({});

export const saveConfigRequestSchema = z.object({
  /** The version the edit was based on; 0 when nothing was saved yet. */
  version: z.number().int().nonnegative(),
  config: accountConfigSchema,
}).strict();
