/**
 * Configuration types shared with the widget. Type-only on purpose: the widget imports this file
 * with `import type`, so zod never reaches the widget bundle.
 */
import type { z } from 'zod';
import type { accountConfigSchema } from './schema';
import type { GeneralSection } from './sections/general';
import type { HeadsSection } from './sections/heads';

/** The configuration as stored and served (every section filled in). */
export type AccountConfig = z.output<typeof accountConfigSchema>;
/** What a client may send: sections with defaults may be left out. */
export type AccountConfigInput = z.input<typeof accountConfigSchema>;
export type { GeneralSection, HeadsSection };

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
