/**
 * PHP-style query strings (`filter[statuses][0][status_id]=142`, `filter[id][]=1`), parsed into a
 * tree and read strictly: the sandbox answers 400 to keys it does not know, so a typo in a client
 * filter fails in tests instead of silently returning everything (ARCHITECTURE.md, "strict on purpose").
 */
import { badRequest } from './http-errors';

export type QueryValue = string | QueryTree;
export interface QueryTree { [key: string]: QueryValue }

function parseQuery(search: string): QueryTree {
  const root: QueryTree = {};
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  for (const [rawKey, value] of params) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match?.[1]) throw badRequest(`Malformed query key: ${rawKey}`);
    const path = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    insert(root, path, value, rawKey);
  }
  return root;
}

/** The query tree of a request URL (`/api/v4/leads?filter[id]=1` → `{ filter: { id: '1' } }`). */
export const queryOf = (url: string): QueryTree => parseQuery(url.split('?')[1] ?? '');

function insert(node: QueryTree, path: string[], value: string, rawKey: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  // `[]` appends, as PHP does.
  const key = head === '' ? String(Object.keys(node).length) : head;
  if (rest.length === 0) {
    node[key] = value;
    return;
  }
  const existing = node[key];
  if (typeof existing === 'string') throw badRequest(`Conflicting query key: ${rawKey}`);
  const child = existing ?? {};
  node[key] = child;
  insert(child, rest, value, rawKey);
}

export function assertOnlyKeys(tree: QueryTree, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(tree)) {
    if (!allowed.includes(key)) throw badRequest(`Unknown parameter ${where ? `${where}[${key}]` : key}`);
  }
}

export function asTree(value: QueryValue | undefined, name: string): QueryTree | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') throw badRequest(`${name} must be an array`);
  return value;
}

export function asString(value: QueryValue | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be a scalar`);
  return value;
}

/** A scalar, an array (`x[]=1&x[]=2`) or a comma list (`x=1,2`) — all accepted by amoCRM filters. */
export function asStringList(value: QueryValue | undefined, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const raw = typeof value === 'string' ? value.split(',') : Object.values(value).map((v) => asString(v, name) ?? '');
  return raw.map((s) => s.trim()).filter((s) => s !== '');
}

export function asIntList(value: QueryValue | undefined, name: string): number[] | undefined {
  return asStringList(value, name)?.map((s) => parseIntStrict(s, name));
}

function asInt(value: QueryValue | undefined, name: string): number | undefined {
  const s = asString(value, name);
  return s === undefined ? undefined : parseIntStrict(s, name);
}

export function parseIntStrict(s: string, name: string): number {
  if (!/^-?\d+$/.test(s)) throw badRequest(`${name} must be an integer`);
  return Number(s);
}

export interface Range { from?: number; to?: number }

/** `x[from]=a&x[to]=b` or `x=a,b`. */
export function asRange(value: QueryValue | undefined, name: string): Range | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const [from, to] = value.split(',');
    return { from: from ? parseIntStrict(from, name) : undefined, to: to ? parseIntStrict(to, name) : undefined };
  }
  assertOnlyKeys(value, ['from', 'to'], name);
  return { from: asInt(value.from, `${name}[from]`), to: asInt(value.to, `${name}[to]`) };
}

export const inRange = (v: number | null, r: Range | undefined): boolean =>
  r === undefined || (v !== null && (r.from === undefined || v >= r.from) && (r.to === undefined || v <= r.to));

export interface Paging { page: number; limit: number }

export function readPaging(tree: QueryTree, maxLimit: number, defaultLimit = 50): Paging {
  const limit = asInt(tree.limit, 'limit') ?? defaultLimit;
  const page = asInt(tree.page, 'page') ?? 1;
  if (limit < 1 || limit > maxLimit) throw badRequest(`limit must be between 1 and ${maxLimit}`);
  if (page < 1) throw badRequest('page must be positive');
  return { page, limit };
}

export interface Order { field: string; direction: 'asc' | 'desc' }

export function readOrder(tree: QueryTree, fields: readonly string[]): Order | undefined {
  const order = asTree(tree.order, 'order');
  if (!order) return undefined;
  assertOnlyKeys(order, fields, 'order');
  const [field, dir] = Object.entries(order)[0] ?? [];
  if (field === undefined) return undefined;
  if (dir !== 'asc' && dir !== 'desc') throw badRequest(`order[${field}] must be asc or desc`);
  return { field, direction: dir };
}

export function readWith(tree: QueryTree, supported: readonly string[]): Set<string> {
  const values = asStringList(tree.with, 'with') ?? [];
  for (const v of values) if (!supported.includes(v)) throw badRequest(`with=${v} is not supported by the sandbox`);
  return new Set(values);
}
