/**
 * Connecting and disconnecting an amoCRM account: the workflows behind the OAuth callback,
 * the long-lived-token alternative and the disconnect action.
 */
import type { Logger } from 'pino';
import type { AccountId } from '../../core/brand';
import { WEBHOOK_EVENTS, webhookDestination, type AmoAdminFactory } from './amo-access';
import type { OAuthClient } from './oauth-client';
import { markAccountDisconnected, upsertConnectedAccount, type AccountRecord, type AccountsDb } from './repository';
import type { TokenManager, TokensToStore } from './tokens';
import { deleteAnalyticsData } from '../analytics/mirror';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

export interface ConnectionDeps {
  db: AccountsDb;
  tokens: TokenManager;
  oauth: OAuthClient;
  amoFor: AmoAdminFactory;
  publicUrl: string;
  log: Logger;
  clock?: Clock;
}

export interface ConnectResult { account: AccountRecord; webhookRegistered: boolean }

const fixedToken = (token: string) => ({ accessToken: () => Promise.resolve(token), refresh: () => Promise.resolve(token) });

/** OAuth authorization code (amoCRM sends it to the redirect URI when an admin installs the widget). */
export async function connectWithCode(deps: ConnectionDeps, baseUrl: string, code: string): Promise<ConnectResult> {
  const issued = await deps.oauth.exchangeCode(baseUrl, code);
  return connect(deps, baseUrl, { kind: 'oauth', ...issued });
}

/** A long-lived token made by an admin in the integration's "Keys and scopes" tab (§3.2). */
export function connectWithLongLivedToken(
  deps: ConnectionDeps, baseUrl: string, token: string, expectedAccountId?: AccountId,
): Promise<ConnectResult> {
  return connect(deps, baseUrl, { kind: 'long_lived', accessToken: token }, expectedAccountId);
}

export class AccountMismatchError extends Error {
  constructor() {
    super('the token belongs to another amoCRM account');
    this.name = 'AccountMismatchError';
  }
}

async function connect(deps: ConnectionDeps, baseUrl: string, tokens: TokensToStore, expectedAccountId?: AccountId): Promise<ConnectResult> {
  // Which account the token belongs to is amoCRM's answer, not the referer's claim.
  const info = await deps.amoFor(baseUrl, fixedToken(tokens.accessToken)).getAccount();
  if (expectedAccountId !== undefined && info.id !== expectedAccountId) throw new AccountMismatchError();
  const at = new Date((deps.clock ?? systemClock).now());
  const account = await deps.db.transaction().execute(async (trx) => {
    const record = await upsertConnectedAccount(trx, { id: info.id, subdomain: info.subdomain, baseUrl }, at);
    await deps.tokens.store(record.id, tokens, trx);
    return record;
  });
  const webhookRegistered = await registerWebhook(deps, account);
  deps.log.info({ accountId: account.id, subdomain: account.subdomain, kind: tokens.kind, webhookRegistered }, 'account connected');
  return { account, webhookRegistered };
}

/**
 * Subscribing twice to one destination updates it in amoCRM, so a reconnect simply re-subscribes.
 * A failure does not undo the connection: the admin sees it in the log and reconnects.
 */
async function registerWebhook(deps: ConnectionDeps, account: AccountRecord): Promise<boolean> {
  try {
    const amo = deps.amoFor(account.baseUrl, deps.tokens.sourceFor(account));
    await amo.subscribeWebhook(webhookDestination(deps.publicUrl, account.webhookSecret), [...WEBHOOK_EVENTS]);
    return true;
  } catch (error) {
    deps.log.error({ accountId: account.id, err: error }, 'webhook registration failed');
    return false;
  }
}

/**
 * Stops all work for the account: unsubscribes the webhook while a token still works, then forgets
 * the tokens and marks the account disconnected (the job runner skips disconnected accounts).
 * The configuration stays, so reinstalling the widget brings the account back as it was; the
 * analytics mirror (a copy of deals, changes and tasks) is deleted and is rebuilt on return.
 */
export async function disconnect(deps: ConnectionDeps, account: AccountRecord): Promise<void> {
  const accessToken = await deps.tokens.peekAccessToken(account.id).catch(() => null);
  if (accessToken !== null) {
    try {
      await deps.amoFor(account.baseUrl, fixedToken(accessToken))
        .unsubscribeWebhook(webhookDestination(deps.publicUrl, account.webhookSecret));
    } catch (error) {
      deps.log.warn({ accountId: account.id, err: error }, 'webhook unsubscribe failed; disconnecting anyway');
    }
  }
  const at = new Date((deps.clock ?? systemClock).now());
  await deps.db.transaction().execute(async (trx) => {
    await deps.tokens.forget(account.id, trx);
    await markAccountDisconnected(trx, account.id, at);
    // The analytics mirror is a copy of the account's deals: it goes with the connection.
    await deleteAnalyticsData(trx, account.id);
  });
  deps.log.info({ accountId: account.id }, 'account disconnected');
}
