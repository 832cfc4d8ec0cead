/**
 * CORS for widget calls: the widget runs on the account's amoCRM origin, so only amoCRM origins
 * (plus connected accounts' own base URLs and ALLOWED_ORIGINS, e.g. the local sandbox) may call.
 * No credentials: authentication is the X-Auth-Token header, never a cookie.
 */
import { isAmoHostname } from '../accounts/amo-hosts';

export type OriginCheck = (origin: string) => Promise<boolean>;

export function createOriginCheck(allowedOrigins: readonly string[], isConnectedAccountOrigin: OriginCheck): OriginCheck {
  const extra = new Set(allowedOrigins);
  return async (origin) => {
    if (extra.has(origin)) return true;
    if (!URL.canParse(origin)) return false;
    const url = new URL(origin);
    if (url.origin !== origin) return false;
    if (url.protocol === 'https:' && url.port === '' && isAmoHostname(url.hostname)) return true;
    return isConnectedAccountOrigin(origin);
  };
}
