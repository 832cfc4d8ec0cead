/**
 * Tables of the accounts area: connected amoCRM accounts, their (encrypted) tokens and their
 * versioned configuration. Composed into `Database` by ./schema.ts.
 *
 * bigint columns come back as strings from node-postgres and as numbers from PGlite; readers
 * normalise with `Number()` (amoCRM ids stay far below 2^53).
 */
import type { ColumnType } from 'kysely';

type BigintColumn = ColumnType<number | string, number, number>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type AccountStatus = 'connected' | 'disconnected';
type TokenKind = 'oauth' | 'long_lived';

interface AccountsTable {
  /** The amoCRM account id. */
  id: BigintColumn;
  subdomain: string;
  /** e.g. https://demo.amocrm.ru (http only for loopback sandboxes). */
  base_url: string;
  status: AccountStatus;
  /** Secret path segment of this account's webhook URL; kept across reconnects. */
  webhook_secret: string;
  connected_at: ColumnType<Date, Date, Date>;
  disconnected_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

interface AccountTokensTable {
  account_id: BigintColumn;
  kind: TokenKind;
  /** AES-256-GCM ciphertexts (accounts/token-cipher.ts), never the tokens themselves. */
  access_token: string;
  refresh_token: string | null;
  /** null: a long-lived token, no refresh. */
  expires_at: Date | null;
  /** Compare-and-swap counter: bumped by every rotation. */
  version: ColumnType<number, number | undefined, number>;
  /** A refresh in progress somewhere (any instance) until this time. */
  refresh_lease_until: Date | null;
  updated_at: Date;
}

interface AccountConfigsTable {
  account_id: BigintColumn;
  version: number;
  /** jsonb; read back parsed (both drivers), written as JSON text. */
  body: ColumnType<unknown, string, string>;
  updated_at: Date;
  updated_by: BigintColumn | null;
}

export interface AccountTables {
  accounts: AccountsTable;
  account_tokens: AccountTokensTable;
  account_configs: AccountConfigsTable;
}
