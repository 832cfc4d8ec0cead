/**
 * Tables of the focus area (src/service/focus): focus sessions, self-pauses and "away" set by a
 * head, snoozed deals, and the API keys other systems (telephony) read availability with.
 * Composed into `Database` by ./schema.ts. bigint columns: see ./tables-accounts.ts.
 */
import type { ColumnType, Generated } from 'kysely';

type BigintColumn = ColumnType<number | string, number, number>;
type Jsonb = ColumnType<unknown, string, string>;

type FocusSessionState = 'active' | 'ended';

export interface FocusSessionsTable {
  id: Generated<number | string>;
  account_id: BigintColumn;
  user_id: BigintColumn;
  /** One 'active' row per (account, user): a unique partial index enforces it. */
  state: FocusSessionState;
  started_at: Date;
  ended_at: Date | null;
  end_reason: 'exhausted' | 'manual' | 'idle' | 'end_of_day' | null;
  /** LeadId[] the session was started with. */
  queue: Jsonb;
  position: number;
  /** core SessionStats. */
  stats: Jsonb;
  /** tab id → last heartbeat (epoch ms). */
  tabs: Jsonb;
  /** max(tabs, started_at): the sweep's index-friendly idle test. */
  last_heartbeat_at: Date;
  /** Limits fixed at start, so the sweep needs neither the config nor amoCRM. */
  idle_timeout_ms: number;
  end_of_day_minute: number | null;
  timezone: string;
  /** The end-of-day instant for this session (null = none). */
  end_of_day_at: Date | null;
  updated_at: Date;
}

export type ManagerPauseKind = 'self' | 'away';

interface ManagerPausesTable {
  account_id: BigintColumn;
  user_id: BigintColumn;
  kind: ManagerPauseKind;
  /** Who set it: the manager (self) or the head/admin (away). */
  set_by: BigintColumn;
  reason: string;
  since: Date;
  until: Date | null;
}

interface FocusSnoozesTable {
  account_id: BigintColumn;
  user_id: BigintColumn;
  lead_id: BigintColumn;
  until: Date;
}

interface ExternalApiKeysTable {
  id: Generated<number | string>;
  account_id: BigintColumn;
  /** sha256 hex of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** The key's first characters, to tell keys apart in a list. */
  key_prefix: string;
  label: string;
  created_by: BigintColumn;
  created_at: Date;
  revoked_at: Date | null;
}

export interface FocusTables {
  focus_sessions: FocusSessionsTable;
  manager_pauses: ManagerPausesTable;
  focus_snoozes: FocusSnoozesTable;
  external_api_keys: ExternalApiKeysTable;
}
