/**
 * The install's Digital Pipeline secret: the DP action's URL (`<PUBLIC_URL>/webhooks/dp/<secret>`)
 * is stamped into the widget archive at build time, before any account is connected, so it cannot
 * carry an account's webhook secret. `DP_WEBHOOK_SECRET` when set; otherwise derived from the
 * integration's client secret, so every install has its own without another variable to manage.
 * The archive is readable by the account's users: the secret keeps strangers out, the lead's
 * state read from amoCRM is the real guard.
 */
import { createHmac } from 'node:crypto';
import type { Env } from '../env';

export function dpSecretOf(env: Pick<Env, 'DP_WEBHOOK_SECRET' | 'AMO_CLIENT_SECRET'>): string {
  return env.DP_WEBHOOK_SECRET ?? createHmac('sha256', env.AMO_CLIENT_SECRET).update('focus-refusals:dp-webhook').digest('base64url');
}

export const dpWebhookUrl = (publicUrl: string, secret: string): string => `${publicUrl}/webhooks/dp/${secret}`;
