/** Persistence of connected accounts. Every function is scoped by one account id. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Database } from '../store/schema';
import type { AccountStatus } from '../store/tables-accounts';
import { asAccountId } from '../../core/brand';

/** The store's database (Database includes the accounts tables, src/service/store/schema.ts). */
export type AccountsDb = Kysely<Database>;

export interface AccountRecord {
  id: AccountId;
  subdomain: string;
  baseUrl: string;
  status: AccountStatus;
  webhookSecret: string;
}

const columns = ['id', 'subdomain', 'base_url', 'status', 'webhook_secret'] as const;

interface AccountRow { id: number | string; subdomain: string; base_url: string; status: AccountStatus; webhook_secret: string }

const toRecord = (row: AccountRow): AccountRecord => ({
  id: asAccountId(Number(row.id)),
  subdomain: row.subdomain,
  baseUrl: row.base_url,
  status: row.status,
  webhookSecret: row.webhook_secret,
});

/** 32 random bytes: the webhook URL is the only credential amoCRM's webhooks carry (§9.2). */
const newWebhookSecret = (): string => randomBytes(32).toString('base64url');

export async function findAccount(db: AccountsDb, id: AccountId): Promise<AccountRecord | null> {
  const row = await db.selectFrom('accounts').select(columns).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toRecord(row);
}

/** Connects (or reconnects) an account. A reconnect keeps the webhook secret, so old URLs stay valid. */
export async function upsertConnectedAccount(
  db: AccountsDb,
  account: { id: AccountId; subdomain: string; baseUrl: string },
  at: Date,
): Promise<AccountRecord> {
  const row = await db.insertInto('accounts')
    .values({
      id: account.id,
      subdomain: account.subdomain,
      base_url: account.baseUrl,
      status: 'connected',
      webhook_secret: newWebhookSecret(),
      connected_at: at,
    })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({
      subdomain: account.subdomain,
      base_url: account.baseUrl,
      status: 'connected',
      connected_at: at,
      disconnected_at: null,
    }))
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function markAccountDisconnected(db: AccountsDb, id: AccountId, at: Date): Promise<void> {
  await db.updateTable('accounts')
    .set({ status: 'disconnected', disconnected_at: at })
    .where('id', '=', id)
    .execute();
}
