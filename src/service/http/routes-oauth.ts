/**
 * GET /oauth/callback — amoCRM sends the authorization code here when an admin installs the
 * widget (`code`, `referer`, `client_id`, `from_widget`). The code is exchanged at the referer's
 * /oauth2/access_token, so the referer must be an amoCRM host (./accounts/amo-hosts.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { baseUrlFromReferer } from '../accounts/amo-hosts';
import { connectWithCode, type ConnectionDeps } from '../accounts/connection';
import { OAuthGrantError } from '../accounts/oauth-client';
import { HttpError, parseInput } from './errors';

const callbackQuerySchema = z.object({
  code: z.string().min(1).max(4096).optional(),
  referer: z.string().min(1).max(255).optional(),
  client_id: z.string().max(255).optional(),
  from_widget: z.string().max(16).optional(),
  state: z.string().max(1024).optional(),
  error: z.string().max(255).optional(),
});

export interface OAuthRouteOptions {
  connection: ConnectionDeps;
  clientId: string;
  allowedOrigins: readonly string[];
}

/**
 * `/oauth/callback` is ours; `/api/v1/amo/oauth/callback` is the sandbox's default redirect URI
 * (test/emulator/server.ts) — answering both keeps `npm start` working without extra settings.
 */
const OAUTH_CALLBACK_PATHS = ['/oauth/callback', '/api/v1/amo/oauth/callback'] as const;

export function registerOAuthRoutes(app: FastifyInstance, options: OAuthRouteOptions): void {
  for (const path of OAUTH_CALLBACK_PATHS) app.get(path, async (request) => {
    const query = parseInput(callbackQuerySchema, request.query);
    if (query.error !== undefined) throw new HttpError(400, 'access_denied', 'the administrator did not grant access');
    if (query.code === undefined || query.referer === undefined) throw new HttpError(400, 'bad_request', 'code and referer are required');
    if (query.client_id !== undefined && query.client_id !== options.clientId) throw new HttpError(400, 'unknown_client');
    const baseUrl = baseUrlFromReferer(query.referer, options.allowedOrigins);
    if (baseUrl === null) throw new HttpError(400, 'unknown_referer', 'the referer is not an amoCRM account');
    try {
      const { account, webhookRegistered } = await connectWithCode(options.connection, baseUrl, query.code);
      return { status: 'connected', account: { id: account.id, subdomain: account.subdomain }, webhookRegistered };
    } catch (error) {
      if (error instanceof OAuthGrantError) throw new HttpError(400, 'oauth_grant_refused', error.message);
      request.log.error({ err: error }, 'connect failed');
      throw new HttpError(502, 'amo_unavailable', 'could not complete the connection with amoCRM');
    }
  });
}
