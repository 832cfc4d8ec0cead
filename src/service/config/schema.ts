/**
 * The account configuration: one zod schema per section (./sections/*), composed here.
 * Adding a feature's settings = a new section file + one line below; every section has a default,
 * so configurations saved before the section existed still parse.
 */
import { z } from 'zod';
import type { AccountConfig, AccountConfigInput } from '../../contract/config';
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

/**
 * The schema reads exactly the contract's input and produces exactly its configuration
 * (src/contract/config.ts, written by hand for the widget): a field added, dropped or retyped on
 * one side only fails to compile here. Both ways assignable, so neither side may be wider.
 */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _producesTheContract: Exactly<z.output<typeof accountConfigSchema>, AccountConfig> = true;
const _readsTheContract: Exactly<z.input<typeof accountConfigSchema>, AccountConfigInput> = true;

export const defaultAccountConfig = (): AccountConfig => accountConfigSchema.parse({});

export const saveConfigRequestSchema = z.object({
  /** The version the edit was based on; 0 when nothing was saved yet. */
  version: z.number().int().nonnegative(),
  config: accountConfigSchema,
}).strict();
