/**
 * How a request reaches amoCRM and proves who sends it. Two transports over one HTTP core:
 * - session: the widget in the browser, same origin as /api/v4, the user's cookie and rights (§3.1);
 * - bearer: the service, an OAuth or long-lived token (§3.2).
 * A transport only supplies credentials; retries, budget and errors live in ./http.ts.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Credentials {
  headers: Record<string, string>;
  credentials?: RequestCredentials;
  /**
   * The token is expired or inside its refresh-ahead window: renew before sending. Read while a
   * budget slot is held, so the transport reports it instead of renewing there and then (the
   * renewal needs a slot of its own, see ./http.ts).
   */
  renewalDue?: boolean;
}

export interface AmoTransport {
  /** '' for same-origin; otherwise `https://sub.amocrm.ru` (no trailing slash). */
  readonly baseUrl: string;
  /** Which shared request budget this transport's calls count against: one per account. */
  readonly budgetKey: string;
  readonly fetch: FetchLike;
  /** Read when the request leaves, after the budget granted its slot: never earlier. */
  credentials(): Promise<Credentials>;
  /**
   * Present only when a 401 can be cured (bearer): make the credentials newer than `rejected`
   * (the ones amoCRM refused; absent when renewing ahead of expiry). Callers that were refused the
   * same token share one renewal. A session 401 means the user logged out; retrying cannot help.
   */
  renewCredentials?: (rejected?: Credentials) => Promise<void>;
}

const defaultFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/**
 * One budget per account whatever the credentials: session and bearer calls to one account from
 * the same process land on the same amoCRM limit.
 */
export const budgetKeyOf = (baseUrl: string): string => `amo:${baseUrl.toLowerCase() || 'same-origin'}`;

export interface SessionTransportOptions {
  baseUrl?: string;
  fetch?: FetchLike;
}

/**
 * The browser widget's transport. jQuery adds `X-Requested-With` on its own; fetch does not, and
 * whether amoCRM accepts a session call without it is unverified (§3.1), so we always send it.
 */
export function createSessionTransport(options: SessionTransportOptions = {}): AmoTransport {
  const baseUrl = trimSlash(options.baseUrl ?? '');
  const creds: Credentials = { headers: { 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'include' };
  return {
    baseUrl,
    budgetKey: budgetKeyOf(baseUrl),
    fetch: options.fetch ?? defaultFetch,
    credentials: () => Promise.resolve(creds),
  };
}

/**
 * Thrown by a TokenSource when no renewal can ever succeed (the grant was revoked, a long-lived
 * token cannot refresh, the account was disconnected): the HTTP core turns it into
 * AmoAccessRejected instead of retrying. Any other renewal failure counts as a network failure.
 */
export class RenewalRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Implemented by the service (single-flight refresh, token storage); long-lived tokens refresh to themselves. */
export interface TokenSource {
  /** A usable token, refreshing first when needed. */
  accessToken(): Promise<string>;
  /** A token newer than `rejected` (or, without it, a token not due for renewal). */
  refresh(rejected?: string): Promise<string>;
  /** The stored token as it is, never refreshing: `due` when it is expired or about to be. */
  current?(): Promise<{ token: string; due: boolean }>;
}

export interface BearerTransportOptions {
  baseUrl: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  /** Act as this user with an admin token (`X-Context-User-ID`, amocrm-api-php withContextUserId). */
  contextUserId?: number;
}

const tokenOf = (credentials: Credentials): string | undefined => {
  const header = credentials.headers.Authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
};

export function createBearerTransport(options: BearerTransportOptions): AmoTransport {
  const baseUrl = trimSlash(options.baseUrl);
  const toCredentials = (token: string): Credentials => ({
    headers: {
      Authorization: `Bearer ${token}`,
      ...(options.contextUserId === undefined ? {} : { 'X-Context-User-ID': String(options.contextUserId) }),
    },
  });
  return {
    baseUrl,
    budgetKey: budgetKeyOf(baseUrl),
    fetch: options.fetch ?? defaultFetch,
    credentials: async () => {
      if (options.tokens.current === undefined) return toCredentials(await options.tokens.accessToken());
      const { token, due } = await options.tokens.current();
      return due ? { ...toCredentials(token), renewalDue: true } : toCredentials(token);
    },
    renewCredentials: async (rejected) => {
      await options.tokens.refresh(rejected === undefined ? undefined : tokenOf(rejected));
    },
  };
}

/** A long-lived token (§3.2) never refreshes: a 401 means it was revoked or expired. */
export function staticToken(token: string): TokenSource {
  return { accessToken: () => Promise.resolve(token), refresh: () => Promise.resolve(token) };
}
