/**
 * amoCRM tokens of connected accounts: encrypted at rest, refreshed before they expire, rotated
 * exactly once even with several callers and several service instances.
 *
 * Two guards against a double refresh (amoCRM rotates the refresh token, so the loser of a race
 * would be left with a dead one): an in-process single-flight per account, and across instances a
 * lease on the token row, claimed with a compare-and-swap on `version`. A lease rather than a row
 * or advisory lock held across the HTTP call: a lock would pin a pool connection for the length of
 * a network round trip (and stall PGlite's single connection entirely). The rotated pair is written
 * with the same compare-and-swap, so a slow instance can never overwrite a newer token.
 */
import type { AccountId } from '../../core/brand';
import type { AccountsDb } from './repository';
import { RenewalRefused } from '../../amo/transport';
import { OAuthGrantError, type OAuthClient } from './oauth-client';
import type { TokenCipher } from './token-cipher';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

/** What the amoCRM bearer transport asks for (src/amo: `tokens: { accessToken(), refresh() }`). */
export interface TokenSource {
  accessToken(): Promise<string>;
  /**
   * After a 401 (`rejected`: the refused token): a token newer than it — the one refresh of that
   * token, shared by every caller and instance refused it. Without `rejected`: a token not due.
   */
  refresh(rejected?: string): Promise<string>;
  /** The stored token without refreshing; `due` when it is expired or inside refresh-ahead. */
  current?(): Promise<{ token: string; due: boolean }>;
}

export type TokensToStore =
  | { kind: 'oauth'; accessToken: string; refreshToken: string; expiresAt: number }
  | { kind: 'long_lived'; accessToken: string };

/** RenewalRefused: the amoCRM client answers AmoAccessRejected rather than retrying. */
export class AccountNotConnectedError extends RenewalRefused {
  constructor(readonly accountId: AccountId) {
    super(`account ${accountId} has no amoCRM tokens (not connected)`);
    this.name = 'AccountNotConnectedError';
  }
}

/** A refresh that can never succeed without an administrator (revoked grant, long-lived token). */
class TokenRefreshError extends RenewalRefused {
  constructor(readonly accountId: AccountId, reason: string) {
    super(`cannot refresh the amoCRM token of account ${accountId}: ${reason}`);
    this.name = 'TokenRefreshError';
  }
}

/** Refresh-ahead: 10% of the token's lifetime, at most 5 minutes (amoCRM tokens live 24 h). */
const REFRESH_AHEAD_SHARE = 0.1;
const MAX_REFRESH_AHEAD_MS = 5 * 60_000;

/** How long before `expiresAt` a token issued at `issuedAt` is renewed. Pure; exported for tests. */
function refreshAheadMs(issuedAt: number, expiresAt: number, maxMs = MAX_REFRESH_AHEAD_MS): number {
  return Math.min(maxMs, Math.max(0, (expiresAt - issuedAt) * REFRESH_AHEAD_SHARE));
}

/**
 * Takes a slot in the account's amoCRM request budget for one token refresh (it goes to the same
 * amoCRM and counts against the same 7 requests/second) and returns the slot's release.
 */
type RefreshSlot = (baseUrl: string) => Promise<() => void>;

export interface TokenManager {
  /** `executor`: a transaction to join (connect writes the account and its tokens together). */
  store(accountId: AccountId, tokens: TokensToStore, executor?: AccountsDb): Promise<void>;
  forget(accountId: AccountId, executor?: AccountsDb): Promise<void>;
  /** The current access token without refreshing, or null (used to unsubscribe on disconnect). */
  peekAccessToken(accountId: AccountId): Promise<string | null>;
  sourceFor(account: { id: AccountId; baseUrl: string }): TokenSource;
}

export interface TokenManagerOptions {
  db: AccountsDb;
  cipher: TokenCipher;
  oauth: OAuthClient;
  clock?: Clock;
  /** Refresh-ahead cap: refresh when less than 10% of the lifetime, at most this, is left. */
  refreshAheadMs?: number;
  /** A budget slot for each refresh call (services.ts: the account's shared request budget). */
  refreshSlot?: RefreshSlot;
  /** How long a claimed refresh may take before another instance may try. */
  leaseMs?: number;
  pollMs?: number;
  /** How long a caller waits for another instance's refresh before giving up. */
  maxWaitMs?: number;
}

interface TokenRow {
  kind: 'oauth' | 'long_lived';
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  /** When the pair was stored or rotated: with `expiresAt`, the token's lifetime. */
  issuedAt: number;
  version: number;
}

const contextOf = (accountId: AccountId, field: 'access' | 'refresh'): string => `account:${accountId}:${field}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { db, cipher, oauth } = options;
  const clock = options.clock ?? systemClock;
  const maxRefreshAheadMs = options.refreshAheadMs ?? MAX_REFRESH_AHEAD_MS;
  const refreshSlot: RefreshSlot = options.refreshSlot ?? (() => Promise.resolve(() => undefined));
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const maxWaitMs = options.maxWaitMs ?? leaseMs + 5_000;
  const inFlight = new Map<AccountId, Promise<{ token: string; version: number }>>();

  const read = async (accountId: AccountId): Promise<TokenRow | null> => {
    const row = await db.selectFrom('account_tokens')
      .select(['kind', 'access_token', 'refresh_token', 'expires_at', 'updated_at', 'version'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      kind: row.kind,
      accessToken: cipher.decrypt(row.access_token, contextOf(accountId, 'access')),
      refreshToken: row.refresh_token === null ? null : cipher.decrypt(row.refresh_token, contextOf(accountId, 'refresh')),
      expiresAt: row.expires_at === null ? null : row.expires_at.getTime(),
      issuedAt: row.updated_at.getTime(),
      version: row.version,
    };
  };

  const isDue = (row: TokenRow): boolean =>
    row.expiresAt !== null && row.expiresAt - clock.now() <= refreshAheadMs(row.issuedAt, row.expiresAt, maxRefreshAheadMs);

  const claimLease = async (accountId: AccountId, version: number): Promise<boolean> => {
    const at = clock.now();
    const claimed = await db.updateTable('account_tokens')
      .set({ refresh_lease_until: new Date(at + leaseMs) })
      .where('account_id', '=', accountId)
      .where('version', '=', version)
      .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', new Date(at))]))
      .returning('version')
      .executeTakeFirst();
    return claimed !== undefined;
  };

  const releaseLease = async (accountId: AccountId, version: number): Promise<void> => {
    await db.updateTable('account_tokens')
      .set({ refresh_lease_until: null })
      .where('account_id', '=', accountId)
      .where('version', '=', version)
      .execute();
  };

  /**
   * Rotates the stored token when it still needs it — it is the `rejected` one (a 401), or, without
   * `rejected`, it is due — else returns the token someone (any caller, any instance) rotated it to.
   * Deciding on the row's current state rather than on what a caller saw earlier is what keeps it
   * to one refresh per expiry however many queued requests meet the old token afterwards.
   */
  const rotate = async (account: { id: AccountId; baseUrl: string }, rejected: string | undefined) => {
    const deadline = clock.now() + maxWaitMs;
    for (;;) {
      const row = await read(account.id);
      if (row === null) throw new AccountNotConnectedError(account.id);
      const stale = rejected !== undefined ? row.accessToken === rejected : isDue(row);
      if (!stale) return { token: row.accessToken, version: row.version };
      if (row.kind === 'long_lived' || row.refreshToken === null) {
        throw new TokenRefreshError(account.id, 'a long-lived token cannot be refreshed; issue a new one');
      }
      if (await claimLease(account.id, row.version)) {
        return await refreshWithLease(account, row.refreshToken, row.version);
      }
      // Transient, not a TokenRefreshError: the caller retries later.
      if (clock.now() > deadline) throw new Error(`account ${account.id}: another instance holds the token refresh lease`);
      await sleep(pollMs);
    }
  };

  const refreshWithLease = async (account: { id: AccountId; baseUrl: string }, refreshToken: string, version: number) => {
    let issued;
    try {
      const release = await refreshSlot(account.baseUrl);
      try {
        issued = await oauth.refresh(account.baseUrl, refreshToken);
      } finally {
        release();
      }
    } catch (error) {
      await releaseLease(account.id, version);
      if (error instanceof OAuthGrantError) throw new TokenRefreshError(account.id, error.message);
      throw error;
    }
    const written = await db.updateTable('account_tokens')
      .set({
        access_token: cipher.encrypt(issued.accessToken, contextOf(account.id, 'access')),
        refresh_token: cipher.encrypt(issued.refreshToken, contextOf(account.id, 'refresh')),
        expires_at: new Date(issued.expiresAt),
        version: version + 1,
        refresh_lease_until: null,
        updated_at: new Date(clock.now()),
      })
      .where('account_id', '=', account.id)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst();
    // Lost the row meanwhile (a reconnect stored fresh tokens, or a disconnect): ours are moot,
    // and the caller's retry reads whatever is stored now.
    if (written === undefined) throw new Error(`account ${account.id}: the tokens changed during the refresh`);
    return { token: issued.accessToken, version: version + 1 };
  };

  /** One refresh per account in this process at a time; joiners get its result. */
  const singleFlight = (account: { id: AccountId; baseUrl: string }, rejected: string | undefined) => {
    const running = inFlight.get(account.id);
    if (running !== undefined) return running;
    const started = rotate(account, rejected).finally(() => inFlight.delete(account.id));
    inFlight.set(account.id, started);
    return started;
  };

  return {
    async store(accountId, tokens, executor = db) {
      const at = new Date(clock.now());
      const values = {
        kind: tokens.kind,
        access_token: cipher.encrypt(tokens.accessToken, contextOf(accountId, 'access')),
        refresh_token: tokens.kind === 'oauth' ? cipher.encrypt(tokens.refreshToken, contextOf(accountId, 'refresh')) : null,
        expires_at: tokens.kind === 'oauth' ? new Date(tokens.expiresAt) : null,
        refresh_lease_until: null,
        updated_at: at,
      };
      await executor.insertInto('account_tokens')
        .values({ account_id: accountId, ...values, version: 1 })
        .onConflict((conflict) => conflict.column('account_id').doUpdateSet((eb) => ({
          ...values,
          version: eb('account_tokens.version', '+', 1),
        })))
        .execute();
    },

    async forget(accountId, executor = db) {
      await executor.deleteFrom('account_tokens').where('account_id', '=', accountId).execute();
    },

    async peekAccessToken(accountId) {
      return (await read(accountId))?.accessToken ?? null;
    },

    sourceFor(account) {
      return {
        async accessToken() {
          const row = await read(account.id);
          if (row === null) throw new AccountNotConnectedError(account.id);
          if (!isDue(row)) return row.accessToken;
          return (await singleFlight(account, undefined)).token;
        },
        async refresh(rejected) {
          let rotated = await singleFlight(account, rejected);
          // Joined a refresh that started before our token was even refused (ours is newer than
          // the one it replaced): ask again, the row decides.
          if (rejected !== undefined && rotated.token === rejected) rotated = await singleFlight(account, rejected);
          return rotated.token;
        },
        async current() {
          const row = await read(account.id);
          if (row === null) throw new AccountNotConnectedError(account.id);
          return { token: row.accessToken, due: isDue(row) };
        },
      };
    },
  };
}
