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
