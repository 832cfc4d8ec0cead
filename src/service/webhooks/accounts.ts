/**
 * Which account a webhook belongs to. The URL's secret names the account (amoCRM signs nothing,
 * §9.2); lookups are cached for a few seconds because at 1,000 webhooks/s a query per request
 * would compete with the inbox for the store. Misses are cached too (hostile probing).
 */
import type { Kysely } from 'kysely';
import type { AccountId } from '../../core/brand';
import type { Database } from '../store/schema';
import { systemClock } from '../clock';
import { asAccountId } from '../../core/brand';

export interface WebhookAccount {
  id: AccountId;
  subdomain: string;
  status: 'connected' | 'disconnected';
}

export type AccountLookup<K> = (key: K) => Promise<WebhookAccount | null>;

const toAccount = (row: { id: number | string; subdomain: string; status: 'connected' | 'disconnected' }): WebhookAccount =>
  ({ id: asAccountId(Number(row.id)), subdomain: row.subdomain, status: row.status });

export const accountBySecretFrom = (db: Kysely<Database>): AccountLookup<string> => async (secret) => {
  const row = await db.selectFrom('accounts').select(['id', 'subdomain', 'status']).where('webhook_secret', '=', secret).executeTakeFirst();
  return row === undefined ? null : toAccount(row);
};

export const accountByIdFrom = (db: Kysely<Database>): AccountLookup<number> => async (id) => {
  const row = await db.selectFrom('accounts').select(['id', 'subdomain', 'status']).where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toAccount(row);
};

export function cached<K>(lookup: AccountLookup<K>, ttlMs = 5_000, maxEntries = 10_000, now = systemClock.now): AccountLookup<K> {
  const entries = new Map<K, { account: Promise<WebhookAccount | null>; expiresAt: number }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit !== undefined && hit.expiresAt > now()) return hit.account;
    if (entries.size >= maxEntries) entries.clear();
    const account = lookup(key);
    entries.set(key, { account, expiresAt: now() + ttlMs });
    // A failed lookup (store down) must not be remembered.
    account.catch(() => entries.delete(key));
    return account;
  };
}
