/**
 * Verification of amoCRM's one-time token, the `X-Auth-Token` header that `self.$authorizedAjax`
 * adds to widget calls (platform reference §3.3, §9.1; developers.kommo.com/docs/one-time-tokens).
 * HS256 with the integration's client secret; `aud` is the scheme + host of the redirect URI.
 *
 * Replay (`jti`) is deliberately not tracked: amoCRM hands the same token to several calls while it
 * is valid (30 min), so a jti store would reject honest traffic. What bounds a leaked token is its
 * short `exp`, TLS, and the server-side role check on every call.
 */
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { AccountId, UserId } from '../../core/brand';
import type { Clock } from '../../core/time/clock';
import { systemClock } from '../clock';
import { asAccountId, asUserId } from '../../core/brand';

interface OneTimeTokenClaims {
  accountId: AccountId;
  userId: UserId;
  subdomain: string | null;
  /** The issuing account's URL (`iss`), e.g. https://demo.amocrm.ru. */
  issuer: string | null;
}

type TokenRejection = 'missing' | 'malformed' | 'signature' | 'expired' | 'audience' | 'claims';

type VerifyResult = { ok: true; claims: OneTimeTokenClaims } | { ok: false; reason: TokenRejection };

export interface VerifierOptions {
  secret: string;
  /** Accepted `aud` values: origins of the redirect URI and the public URL. */
  audiences: readonly string[];
  /** Seconds of clock skew tolerated on exp/nbf/iat between amoCRM and us. */
  clockToleranceSec?: number;
  clock?: Clock;
}

const MAX_TOKEN_LENGTH = 8192;

const positiveId = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

const claimsSchema = z.object({
  account_id: positiveId,
  user_id: positiveId,
  subdomain: z.string().optional(),
  iss: z.string().optional(),
});

export type OneTimeTokenVerifier = (token: string | undefined) => Promise<VerifyResult>;

export function createOneTimeTokenVerifier(options: VerifierOptions): OneTimeTokenVerifier {
  const key = new TextEncoder().encode(options.secret);
  const audience = [...options.audiences];
  const clockTolerance = options.clockToleranceSec ?? 30;
  const clock = options.clock ?? systemClock;

  return async (token) => {
    if (token === undefined || token === '') return { ok: false, reason: 'missing' };
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) return { ok: false, reason: 'malformed' };
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        audience,
        clockTolerance,
        currentDate: new Date(clock.now()),
        requiredClaims: ['exp', 'aud'],
      }));
    } catch (error) {
      return { ok: false, reason: rejectionOf(error) };
    }
    const parsed = claimsSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'claims' };
    const { account_id, user_id, subdomain, iss } = parsed.data;
    return {
      ok: true,
      claims: { accountId: asAccountId(account_id), userId: asUserId(user_id), subdomain: subdomain ?? null, issuer: iss ?? null },
    };
  };
}

function rejectionOf(error: unknown): TokenRejection {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'expired';
    return 'claims';
  }
  return 'malformed';
}

/** `aud` as amoCRM builds it: the origin (scheme + host[:port]) of a URL. */
export const audienceOf = (url: string): string => new URL(url).origin;
