/**
 * API keys other systems (telephony, …) read availability with: `Authorization: Bearer <key>`.
 * Only a SHA-256 of the key is stored — the key has 256 random bits, so a fast hash is enough
 * (no password stretching needed) and lookups stay one indexed equality.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountId, EpochMs, UserId } from '../../core/brand';
import type { Database } from '../store/schema';
import type { CreateExternalKeyResponse, ExternalKeyView } from '../../contract/focus';
import { asAccountId, epochMsOf } from '../../core/brand';

type Db = Kysely<Database>;

const KEY_PREFIX = 'frk_';

const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createExternalKey(
  db: Db, accountId: AccountId, input: { label: string; by: UserId; now: EpochMs },
): Promise<CreateExternalKeyResponse> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.insertInto('external_api_keys').values({
    account_id: accountId, key_hash: hashKey(key), key_prefix: key.slice(0, KEY_PREFIX.length + 6),
    label: input.label, created_by: input.by, created_at: new Date(input.now), revoked_at: null,
  }).returning(['id', 'label', 'key_prefix', 'created_at', 'revoked_at']).executeTakeFirstOrThrow();
  return { ...toView(row), key };
}

export async function listExternalKeys(db: Db, accountId: AccountId): Promise<ExternalKeyView[]> {
  const rows = await db.selectFrom('external_api_keys').select(['id', 'label', 'key_prefix', 'created_at', 'revoked_at'])
    .where('account_id', '=', accountId).orderBy('id').execute();
  return rows.map(toView);
}

/** True when a live key of this account was revoked; another account's key id is "not found". */
export async function revokeExternalKey(db: Db, accountId: AccountId, keyId: number, now: EpochMs): Promise<boolean> {
  const result = await db.updateTable('external_api_keys').set({ revoked_at: new Date(now) })
    .where('account_id', '=', accountId).where('id', '=', keyId).where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The account a presented key belongs to, or null (unknown, revoked, malformed). */
export async function findAccountByKey(db: Db, key: string): Promise<AccountId | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await db.selectFrom('external_api_keys').select('account_id')
    .where('key_hash', '=', hashKey(key)).where('revoked_at', 'is', null).executeTakeFirst();
  return row === undefined ? null : asAccountId(Number(row.account_id));
}

function toView(row: { id: number | string; label: string; key_prefix: string; created_at: Date; revoked_at: Date | null }): ExternalKeyView {
  return {
    id: String(row.id), label: row.label, prefix: row.key_prefix,
    createdAt: epochMsOf(row.created_at), revokedAt: row.revoked_at === null ? null : epochMsOf(row.revoked_at),
  };
}
