/**
 * Structured logs that never carry a credential: tokens and secrets are redacted from headers and
 * bodies, the OAuth code from query strings, and the per-account secret from webhook paths
 * (that path segment IS the webhook's credential, §9.2).
 */
import type { LoggerOptions } from 'pino';

const CENSOR = '[redacted]';
const SENSITIVE_QUERY_KEYS = new Set(['code', 'token', 'access_token', 'refresh_token', 'client_secret', 'secret', 'state']);

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.access_token', '*.refresh_token', '*.accessToken', '*.refreshToken',
  '*.client_secret', '*.clientSecret', '*.code', '*.token', '*.secret', '*.webhookSecret', '*.webhook_secret',
  '*.*.access_token', '*.*.refresh_token', '*.*.token', '*.*.code',
];

/** `/webhooks/amo/<secret>?code=…` → `/webhooks/amo/[redacted]?code=[redacted]`. */
export function redactUrl(url: string): string {
  const [path = '', query] = splitOnce(url, '?');
  const safePath = path.replace(/^(\/webhooks\/amo\/)[^/]+/, `$1${CENSOR}`);
  if (query === undefined) return safePath;
  const safeQuery = query.split('&').map((pair) => {
    const [key = ''] = splitOnce(pair, '=');
    return SENSITIVE_QUERY_KEYS.has(decodeSafely(key).toLowerCase()) ? `${key}=${CENSOR}` : pair;
  }).join('&');
  return `${safePath}?${safeQuery}`;
}

interface LoggedRequest { method: string; url: string; headers: Record<string, unknown>; ip?: string }

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        origin: request.headers.origin,
        remoteAddress: request.ip,
      }),
    },
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
