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
}

export interface AmoTransport {
  /** '' for same-origin; otherwise `https://sub.amocrm.ru` (no trailing slash). */
  readonly baseUrl: string;
  /** Which shared request budget this transport's calls count against: one per account. */
  readonly budgetKey: string;
  readonly fetch: FetchLike;
  credentials(): Promise<Credentials>;
  /**
   * Present only when a 401 can be cured (bearer): obtain fresh credentials for ONE retry.
   * A session 401 means the user logged out; retrying cannot help.
   */
  renewCredentials?: () => Promise<Credentials>;
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

/** Implemented by the service (single-flight refresh, token storage); long-lived tokens refresh to themselves. */
export interface TokenSource {
  accessToken(): Promise<string>;
  refresh(): Promise<string>;
}

export interface BearerTransportOptions {
  baseUrl: string;
  tokens: TokenSource;
  fetch?: FetchLike;
  /** Act as this user with an admin token (`X-Context-User-ID`, amocrm-api-php withContextUserId). */
  contextUserId?: number;
}

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
    credentials: async () => toCredentials(await options.tokens.accessToken()),
    renewCredentials: async () => toCredentials(await options.tokens.refresh()),
  };
}

/** A long-lived token (§3.2) never refreshes: a 401 means it was revoked or expired. */
export function staticToken(token: string): TokenSource {
  return { accessToken: () => Promise.resolve(token), refresh: () => Promise.resolve(token) };
}
