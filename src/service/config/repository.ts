/**
 * The versioned account configuration. Saving is a compare-and-swap on `version`: two admins
 * editing at once cannot silently overwrite each other — the second gets the current config back.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountId, UserId } from '../../core/brand';
import type { Database } from '../store/schema';
import { upgradeLegacyHours } from './legacy-hours';
import { accountConfigSchema, defaultAccountConfig } from './schema';
import type { AccountConfig } from '../../contract/config';

export interface StoredConfig {
  version: number;
  config: AccountConfig;
  updatedAt: Date | null;
  /** The stored body did not match today's schema; defaults were served instead. */
  unreadable: boolean;
}

export type SaveResult = { ok: true; stored: StoredConfig } | { ok: false; current: StoredConfig };

type Db = Kysely<Database>;

export async function loadConfig(db: Db, accountId: AccountId): Promise<StoredConfig> {
  const row = await db.selectFrom('account_configs')
    .select(['version', 'body', 'updated_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) return { version: 0, config: defaultAccountConfig(), updatedAt: null, unreadable: false };
  // jsonb arrives parsed from both drivers; a string means a driver that does not parse it.
  const body: unknown = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
  // Hours saved in an older shape are read in today's (./legacy-hours.ts); migration 0470 rewrote stored ones.
  const parsed = accountConfigSchema.safeParse(upgradeLegacyHours(body));
  return parsed.success
    ? { version: row.version, config: parsed.data, updatedAt: row.updated_at, unreadable: false }
    : { version: row.version, config: defaultAccountConfig(), updatedAt: row.updated_at, unreadable: true };
}

export async function saveConfig(
  db: Db,
  accountId: AccountId,
  change: { baseVersion: number; config: AccountConfig; by: UserId; at: Date },
): Promise<SaveResult> {
  const body = JSON.stringify(change.config);
  const nextVersion = change.baseVersion + 1;
  const written = change.baseVersion === 0
    ? await db.insertInto('account_configs')
      .values({ account_id: accountId, version: 1, body: sql<string>`${body}::jsonb`, updated_at: change.at, updated_by: change.by })
      .onConflict((conflict) => conflict.column('account_id').doNothing())
      .returning('version')
      .executeTakeFirst()
    : await db.updateTable('account_configs')
      .set({ version: nextVersion, body: sql<string>`${body}::jsonb`, updated_at: change.at, updated_by: change.by })
      .where('account_id', '=', accountId)
      .where('version', '=', change.baseVersion)
      .returning('version')
      .executeTakeFirst();
  if (written === undefined) return { ok: false, current: await loadConfig(db, accountId) };
  return { ok: true, stored: { version: nextVersion, config: change.config, updatedAt: change.at, unreadable: false } };
}
