/**
 * Which hosts count as amoCRM. The OAuth callback's `referer` tells us where to exchange the code,
 * and we send our client secret there — so it must be an amoCRM domain, never an arbitrary host.
 * Plain http is allowed only for loopback hosts that the operator listed in ALLOWED_ORIGINS
 * (the local sandbox, e.g. http://127.0.0.1:8780).
 */
const AMO_DOMAINS = ['amocrm.ru', 'amocrm.com', 'kommo.com'] as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const isAmoHostname = (hostname: string): boolean =>
  AMO_DOMAINS.some((domain) => hostname.endsWith(`.${domain}`) && /^[a-z0-9-]+$/i.test(hostname.slice(0, -domain.length - 1)));

const isLoopbackHostname = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname);

/**
 * The account's base URL from a referer such as `demo.amocrm.ru`, `https://demo.amocrm.ru` or
 * `127.0.0.1:8780`; null when it is not an amoCRM account we may talk to.
 */
export function baseUrlFromReferer(referer: string, allowedOrigins: readonly string[]): string | null {
  const trimmed = referer.trim();
  if (trimmed === '' || trimmed.length > 255) return null;
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  if (!URL.canParse(withScheme)) return null;
  const url = new URL(withScheme);
  if (url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '')) return null;
  if (isAmoHostname(url.hostname)) return url.protocol === 'https:' && url.port === '' ? url.origin : null;
  if (isLoopbackHostname(url.hostname)) {
    const loopback = `http://${url.host}`;
    return allowedOrigins.includes(loopback) ? loopback : null;
  }
  return null;
}
