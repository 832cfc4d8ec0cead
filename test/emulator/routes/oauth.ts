/**
 * POST /oauth2/access_token (amoCRM OAuth step-by-step): authorization_code (20-minute, one-use code)
 * and refresh_token (rotation: the old refresh token dies). Accepts JSON or form bodies.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { OAuthTokenWire } from '../wire';
import { metaOf, type SandboxContext } from '../context';

const tokenRequest = z.discriminatedUnion('grant_type', [
  z.strictObject({ grant_type: z.literal('authorization_code'), client_id: z.string(), client_secret: z.string(), code: z.string(), redirect_uri: z.string() }),
  z.strictObject({ grant_type: z.literal('refresh_token'), client_id: z.string(), client_secret: z.string(), refresh_token: z.string(), redirect_uri: z.string().optional() }),
]);

/** amoCRM's OAuth errors are problem+json with a `hint`. */
function oauthError(reply: FastifyReply, status: number, hint: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send(JSON.stringify({
    hint, title: status === 401 ? 'Unauthorized' : 'Некорректный запрос', type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson', status,
    detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
  }));
}

export function oauthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/oauth2/access_token', async (request, reply) => {
    const parsed = tokenRequest.safeParse(request.body);
    if (!parsed.success) return oauthError(reply, 400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const body = parsed.data;
    const { integration } = ctx;
    if (body.client_id !== integration.client_id || body.client_secret !== integration.client_secret) return oauthError(reply, 401, 'Client authentication failed');
    let userId: number;
    if (body.grant_type === 'authorization_code') {
      if (body.redirect_uri !== integration.redirect_uri) return oauthError(reply, 400, 'redirect_uri does not match the integration');
      const grant = ctx.auth.takeCode(body.code, body.client_id);
      if (!grant) return oauthError(reply, 400, 'Authorization code has expired or was already used');
      userId = grant.userId;
    } else {
      const grant = ctx.auth.takeRefreshToken(body.refresh_token, body.client_id);
      if (!grant) return oauthError(reply, 400, 'Token has been revoked');
      userId = grant.userId;
    }
    const { access, refresh } = ctx.auth.issueTokens(userId, body.client_id);
    metaOf(request).elements = 1;
    const answer: OAuthTokenWire = { token_type: 'Bearer', expires_in: ctx.auth.accessTtlSec, access_token: access.token, refresh_token: refresh.token };
    return reply.code(200).type('application/json').send(JSON.stringify(answer));
  });
}
