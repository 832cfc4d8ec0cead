/**
 * Composition of the accounts area: token storage and refresh, amoCRM access per account, the
 * connect/disconnect workflows and the users/groups cache. Built once per process by app.ts;
 * other areas (jobs, webhooks) get their per-account amoCRM client from `amoClientFor`.
 */
import type { Logger } from 'pino';
import { createAmoClient, type AmoClient } from '../../amo/client';
import { budgetFor, type RequestBudget } from '../../amo/budget';
import { budgetKeyOf, createBearerTransport, type FetchLike } from '../../amo/transport';
import type { Env } from '../env';
import { createAmoAdminFactory, type AmoAdminFactory } from './amo-access';
import type { ConnectionDeps } from './connection';
import { createDirectoryCache, type DirectoryCache } from './directory';
import { createOAuthClient, type OAuthClient } from './oauth-client';
import { createSharedBudgets } from './shared-budget';
import type { AccountRecord, AccountsDb } from './repository';
import { createTokenCipher } from './token-cipher';
import { createTokenManager, type TokenManager } from './tokens';
import { findAccount } from './repository';
import { AccountNotConnectedError } from './tokens';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

export interface AccountServices {
  tokens: TokenManager;
  oauth: OAuthClient;
  connection: ConnectionDeps;
  directory: DirectoryCache;
  /** The full amoCRM client acting with the account's token (refreshing as needed). */
  amoClientFor(account: Pick<AccountRecord, 'id' | 'baseUrl'>): AmoClient;
}

export interface AccountServicesOptions {
  env: Env;
  db: AccountsDb;
  log: Logger;
  fetch?: FetchLike;
  /** Replaces the amoCRM calls of connect/roles (tests); defaults to src/amo's client. */
  amoFor?: AmoAdminFactory;
  clock?: Clock;
  directoryTtlMs?: number;
  /** Share each account's amoCRM budget through the database (default: when DATABASE_URL is set). */
  sharedBudget?: boolean;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function createAccountServices(options: AccountServicesOptions): AccountServices {
  const { env, db, log } = options;
  const clock = options.clock ?? systemClock;
  const oauth = createOAuthClient({
    clientId: env.AMO_CLIENT_ID,
    clientSecret: env.AMO_CLIENT_SECRET,
    redirectUri: env.AMO_REDIRECT_URI,
    clock,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  // Over PostgreSQL several instances may run: the account's budget lives in the database so the
  // ceiling holds for all of them together (./shared-budget.ts). PGlite is one process: in-process.
  const shared = (options.sharedBudget ?? env.DATABASE_URL !== undefined)
    ? createSharedBudgets({ db, onError: (error) => log.warn({ err: error }, 'shared amoCRM budget') })
    : null;
  const budgetOf = (budgetKey: string): RequestBudget => shared?.for(budgetKey) ?? budgetFor(budgetKey);
  // A refresh goes to the account's amoCRM like any call: it takes a slot in the same budget,
  // ahead of the queue, because everything queued behind it needs the new token.
  const refreshSlot = (baseUrl: string) => budgetOf(budgetKeyOf(trimSlash(baseUrl))).acquire(undefined, { priority: true });
  const tokens = createTokenManager({ db, cipher: createTokenCipher([env.TOKEN_ENCRYPTION_KEY]), oauth, clock, refreshSlot });
  const amoFor = options.amoFor ?? createAmoAdminFactory(options.fetch, budgetOf);
  const amoClientFor = (account: Pick<AccountRecord, 'id' | 'baseUrl'>): AmoClient => {
    const transport = createBearerTransport({
      baseUrl: account.baseUrl,
      tokens: tokens.sourceFor(account),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    return createAmoClient(transport, { budget: budgetOf(transport.budgetKey) });
  };

  const directory = createDirectoryCache(async (accountId) => {
    const account = await findAccount(db, accountId);
    if (account === null || account.status !== 'connected') throw new AccountNotConnectedError(accountId);
    const amo = amoFor(account.baseUrl, tokens.sourceFor(account));
    const [users, info] = await Promise.all([amo.listUsers(), amo.getAccount()]);
    return { users, groups: info.groups, timezone: info.timezone };
  }, { clock, ...(options.directoryTtlMs === undefined ? {} : { ttlMs: options.directoryTtlMs }) });

  return {
    tokens,
    oauth,
    directory,
    amoClientFor,
    connection: { db, tokens, oauth, amoFor, publicUrl: env.PUBLIC_URL, log, clock },
  };
}
