/**
 * amoCRM's OAuth 2.0 token endpoint: POST <account>/oauth2/access_token (platform reference §3.2,
 * amocrm.ru/developers/content/oauth/step-by-step). Codes live 20 minutes; refresh tokens rotate on
 * every refresh, so the caller must persist the new one before using the new access token.
 */
import { z } from 'zod';
import type { FetchLike } from '../../amo/transport';
import type { EpochMs } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: EpochMs;
}

export interface OAuthClient {
  exchangeCode(baseUrl: string, code: string): Promise<IssuedTokens>;
  refresh(baseUrl: string, refreshToken: string): Promise<IssuedTokens>;
}

/** amoCRM refused the grant (400/401): the code or refresh token is spent or revoked. */
export class OAuthGrantError extends Error {
  constructor(readonly status: number, readonly hint: string) {
    super(`amoCRM refused the OAuth grant (HTTP ${status}${hint === '' ? '' : `: ${hint}`})`);
    this.name = 'OAuthGrantError';
  }
}

const tokenResponseSchema = z.object({
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});

const problemHintSchema = z.object({ hint: z.string().optional(), title: z.string().optional() });

export interface OAuthClientOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  fetch?: FetchLike;
  clock?: Clock;
  timeoutMs?: number;
}

export function createOAuthClient(options: OAuthClientOptions): OAuthClient {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? systemClock;

  const grant = async (baseUrl: string, body: Record<string, string>): Promise<IssuedTokens> => {
    const requestedAt = clock.now();
    const response = await fetchImpl(`${baseUrl}/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uri: options.redirectUri,
        ...body,
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const payload: unknown = await response.json().catch(() => null);
    if (response.status === 400 || response.status === 401) {
      const problem = problemHintSchema.safeParse(payload);
      throw new OAuthGrantError(response.status, problem.success ? problem.data.hint ?? problem.data.title ?? '' : '');
    }
    if (!response.ok) throw new Error(`amoCRM token endpoint answered HTTP ${response.status}`);
    const tokens = tokenResponseSchema.parse(payload);
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      // Counted from before the request, so network time never makes us think a token lives longer.
      expiresAt: (requestedAt + tokens.expires_in * 1000) as EpochMs,
    };
  };

  return {
    exchangeCode: (baseUrl, code) => grant(baseUrl, { grant_type: 'authorization_code', code }),
    refresh: (baseUrl, refreshToken) => grant(baseUrl, { grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}
