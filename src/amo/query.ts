/**
 * PHP-style bracket query strings, the syntax amoCRM's filters are documented in (§4.1, filters-api):
 * `filter[statuses][0][pipeline_id]=1&filter[responsible_user_id][]=5`.
 * Arrays of scalars become `key[]=v`, arrays of objects get an index (`key[0][field]=v`), because the
 * documented filters spell them exactly that way.
 */

type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | null | undefined | readonly QueryValue[] | { readonly [k: string]: QueryValue };
export type QueryParams = { readonly [k: string]: QueryValue };

// Brackets in keys and commas in values stay readable in logs and match the documented spelling
// (`with=loss_reason,contacts`); both are legal in a query string and amoCRM reads them unescaped.
const encodeKey = (s: string): string => encodeURIComponent(s).replace(/%5B/g, '[').replace(/%5D/g, ']');
const encodeValue = (s: string): string => encodeURIComponent(s).replace(/%2C/g, ',');

const scalar = (v: QueryScalar): string => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

function isPlainObject(v: QueryValue): v is { readonly [k: string]: QueryValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function append(out: string[], key: string, value: QueryValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const items: readonly QueryValue[] = value;
    items.forEach((item, i) => {
      append(out, isPlainObject(item) || Array.isArray(item) ? `${key}[${i}]` : `${key}[]`, item);
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) append(out, `${key}[${k}]`, v);
    return;
  }
  out.push(`${encodeKey(key)}=${encodeValue(scalar(value as QueryScalar))}`);
}

/** `{ a: 1, f: { ids: [1, 2] } }` → `a=1&f[ids][]=1&f[ids][]=2`; null/undefined are left out. */
export function buildQuery(params: QueryParams): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) append(out, k, v);
  return out.join('&');
}

/** A time range filter as documented: `[from]` / `[to]`, either side optional. */
export function range(r: { from?: number; to?: number } | undefined): QueryValue {
  if (!r || (r.from === undefined && r.to === undefined)) return undefined;
  return { from: r.from, to: r.to };
}

/** `with=a,b` — amoCRM takes a comma list; empty means "leave the parameter out". */
export function withList(parts: ReadonlyArray<string | false | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length > 0 ? kept.join(',') : undefined;
}
