/**
 * amoCRM retries a webhook with an identical body (2 s timeout, then 5 min, 15 min, …; §9.2), so
 * a webhook is recognised by a hash of its parsed body in canonical form: key order and
 * percent-encoding differences do not make a retry look new.
 */
import { createHash } from 'node:crypto';

export function computeDedupeKey(source: string, body: unknown): string {
  return createHash('sha256').update(source).update('\n').update(canonicalJson(body)).digest('base64url');
}

/** JSON with object keys sorted; input depth is bounded by the parsers before this runs. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
