/**
 * Who is calling: browser sessions (cookie `amo_session`, the host page) and bearer tokens
 * (OAuth 2.0 access tokens and the long-lived token, §3.2). Codes live 20 minutes and work once;
 * a refresh rotates both tokens and kills the old refresh token. Expiry is read on the sandbox clock.
 */
import { randomBytes } from 'node:crypto';

export interface BearerGrant { token: string; userId: number; clientId: string; expiresAtMs: number }
interface CodeGrant { userId: number; clientId: string; expiresAtMs: number }

const CODE_TTL_MS = 20 * 60 * 1000;
const REFRESH_TTL_MS = 90 * 86400 * 1000;
const LONG_LIVED_TTL_MS = 5 * 365 * 86400 * 1000;

const secret = (bytes: number): string => randomBytes(bytes).toString('base64url');

export type BearerLookup = { ok: true; grant: BearerGrant } | { ok: false; reason: 'unknown' | 'expired' };

export class AuthState {
  readonly sessions = new Map<string, number>();
  private readonly access = new Map<string, BearerGrant>();
  private readonly refresh = new Map<string, BearerGrant>();
  private readonly codes = new Map<string, CodeGrant>();
  accessTtlSec = 86400;

  constructor(private readonly nowMs: () => number) {}

  createSession(userId: number): string {
    const id = secret(18);
    this.sessions.set(id, userId);
    return id;
  }

  mintCode(userId: number, clientId: string): string {
    const code = `def50200${randomBytes(48).toString('hex')}`;
    this.codes.set(code, { userId, clientId, expiresAtMs: this.nowMs() + CODE_TTL_MS });
    return code;
  }

  /** One use only: the code is removed whether or not it was still valid. */
  takeCode(code: string, clientId: string): CodeGrant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.clientId !== clientId || grant.expiresAtMs <= this.nowMs()) return undefined;
    return grant;
  }

  takeRefreshToken(token: string, clientId: string): BearerGrant | undefined {
    const grant = this.refresh.get(token);
    if (!grant || grant.clientId !== clientId || grant.expiresAtMs <= this.nowMs()) return undefined;
    this.refresh.delete(token);
    return grant;
  }

  issueTokens(userId: number, clientId: string): { access: BearerGrant; refresh: BearerGrant } {
    const now = this.nowMs();
    const access = { token: secret(48), userId, clientId, expiresAtMs: now + this.accessTtlSec * 1000 };
    const refresh = { token: secret(48), userId, clientId, expiresAtMs: now + REFRESH_TTL_MS };
    this.access.set(access.token, access);
    this.refresh.set(refresh.token, refresh);
    return { access, refresh };
  }

  issueLongLived(userId: number, clientId: string): string {
    const token = secret(48);
    this.access.set(token, { token, userId, clientId, expiresAtMs: this.nowMs() + LONG_LIVED_TTL_MS });
    return token;
  }

  lookupBearer(token: string): BearerLookup {
    const grant = this.access.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.expiresAtMs <= this.nowMs()) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** Developer API: make one access token (or all OAuth access tokens) expire now. */
  expire(token: string | undefined, keep: ReadonlySet<string>): number {
    const now = this.nowMs();
    let count = 0;
    for (const grant of this.access.values()) {
      if (token !== undefined ? grant.token === token : !keep.has(grant.token)) { grant.expiresAtMs = now; count++; }
    }
    return count;
  }
}
