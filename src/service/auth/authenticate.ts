/**
 * Authentication of widget calls: a valid one-time token (./one-time-token.ts) of a user of a
 * connected account. Every failure answers the same 401 — which check failed is logged, not told.
 */
import type { FastifyRequest } from 'fastify';
import type { UserId } from '../../core/brand';
import { findAccount, type AccountRecord, type AccountsDb } from '../accounts/repository';
import { forbidden, unauthorized } from '../http/errors';
import type { OneTimeTokenVerifier } from './one-time-token';

export interface AuthContext {
  account: AccountRecord;
  userId: UserId;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export function createAuthenticator(verify: OneTimeTokenVerifier, db: AccountsDb) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers['x-auth-token'];
    const result = await verify(typeof header === 'string' ? header : undefined);
    if (!result.ok) {
      request.log.info({ reason: result.reason }, 'one-time token rejected');
      throw unauthorized();
    }
    const account = await findAccount(db, result.claims.accountId);
    if (account === null || account.status !== 'connected') throw forbidden('account_not_connected');
    request.auth = { account, userId: result.claims.userId };
  };
}

/** For handlers behind the authenticator: the context is always there, or the route is misconfigured. */
export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw unauthorized();
  return request.auth;
}
