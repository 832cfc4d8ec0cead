/**
 * The few amoCRM calls the accounts area makes with an account's token: who the account is, its
 * users and groups (roles), and its webhook subscription. A subset of the amoCRM port, so the full
 * client from src/amo plugs in unchanged.
 */
import type { RequestBudget } from '../../amo/budget';
import { createAmoClient } from '../../amo/client';
import type { AmoPort } from '../../amo/port';
import { createBearerTransport, type FetchLike } from '../../amo/transport';
import type { TokenSource } from './tokens';

export type AmoAdmin = Pick<AmoPort, 'getAccount' | 'listUsers' | 'subscribeWebhook' | 'unsubscribeWebhook'>;

export type AmoAdminFactory = (baseUrl: string, tokens: TokenSource) => AmoAdmin;

/** Account events the service reacts to (issue 4; platform reference §4.14). */
export const WEBHOOK_EVENTS = ['add_lead', 'status_lead', 'responsible_lead', 'update_lead', 'add_task', 'update_task'] as const;

export const webhookDestination = (publicUrl: string, secret: string): string => `${publicUrl}/webhooks/amo/${secret}`;

/**
 * The production factory: src/amo's full client (budget, back-off, paging) over a bearer token.
 * `budgetOf`: the account's request budget (services.ts: shared across instances on PostgreSQL).
 */
export const createAmoAdminFactory = (fetchImpl?: FetchLike, budgetOf?: (budgetKey: string) => RequestBudget): AmoAdminFactory =>
  (baseUrl, tokens) => {
    const transport = createBearerTransport({ baseUrl, tokens, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });
    return createAmoClient(transport, budgetOf === undefined ? {} : { budget: budgetOf(transport.budgetKey) });
  };
