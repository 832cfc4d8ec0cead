/**
 * The account's users, groups and time zone as amoCRM knows them, cached per account for a short time.
 * GET /api/v4/users is admin-only (platform reference §4.8), so it runs with the account's token
 * on the server; one fetch per account per TTL keeps well inside the 7 requests/second budget.
 */
import type { Logger } from 'pino';
import type { AccountId } from '../../core/brand';
import type { AmoUser, UserGroup } from '../../core/domain';
import { resolveAccountTimeZone } from '../../core/time/account-zone';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

interface AccountDirectory {
  users: AmoUser[];
  groups: UserGroup[];
  /** amoCRM's own zone for the account (GET /api/v4/account, read with the groups). */
  timezone: string;
  fetchedAt: number;
}

export type DirectoryLoader = (accountId: AccountId) => Promise<Omit<AccountDirectory, 'fetchedAt'>>;

export interface DirectoryCache {
  /** `maxAgeMs` tightens the TTL for one read, e.g. to see a user added a moment ago. */
  get(accountId: AccountId, options?: { maxAgeMs?: number }): Promise<AccountDirectory>;
  invalidate(accountId: AccountId): void;
}

const DIRECTORY_TTL_MS = 60_000;

export function createDirectoryCache(load: DirectoryLoader, options: { ttlMs?: number; clock?: Clock } = {}): DirectoryCache {
  const ttlMs = options.ttlMs ?? DIRECTORY_TTL_MS;
  const clock = options.clock ?? systemClock;
  const entries = new Map<AccountId, AccountDirectory>();
  const inFlight = new Map<AccountId, Promise<AccountDirectory>>();

  const fetchFresh = (accountId: AccountId): Promise<AccountDirectory> => {
    const running = inFlight.get(accountId);
    if (running !== undefined) return running;
    const loading = load(accountId)
      .then((loaded) => {
        const entry = { ...loaded, fetchedAt: clock.now() };
        entries.set(accountId, entry);
        return entry;
      })
      .finally(() => inFlight.delete(accountId));
    inFlight.set(accountId, loading);
    return loading;
  };

  return {
    get(accountId, { maxAgeMs = ttlMs } = {}) {
      const entry = entries.get(accountId);
      if (entry !== undefined && clock.now() - entry.fetchedAt < Math.min(maxAgeMs, ttlMs)) return Promise.resolve(entry);
      return fetchFresh(accountId);
    },
    invalidate(accountId) {
      entries.delete(accountId);
    },
  };
}

/**
 * amoCRM's zone for the account, from the directory (no request of its own), or null when amoCRM
 * cannot be asked; callers then fall back to configuration or UTC.
 */
export async function loadAccountTimezone(
  directory: Pick<DirectoryCache, 'get'>, accountId: AccountId, log: Pick<Logger, 'warn'>,
): Promise<string | null> {
  try {
    return (await directory.get(accountId)).timezone;
  } catch (error) {
    log.warn({ err: error, accountId }, 'account time zone unavailable');
    return null;
  }
}

/**
 * The account-time rule (core resolveAccountTimeZone) for the service: amoCRM's zone is looked up
 * only when no admin set one, so an account with general.timezone costs no directory read.
 */
export async function accountTimeZone(adminZone: string | undefined, amoZone: () => Promise<string | null>): Promise<string> {
  return resolveAccountTimeZone(adminZone, adminZone === undefined ? await amoZone() : null);
}
