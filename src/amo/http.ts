/**
 * The HTTP core shared by both transports: budget, credentials, retries, error mapping, HAL paging.
 * Everything amoCRM-specific about the wire lives here once (§4.1–§4.3):
 * - 204 / empty body is an empty result, not a JSON parse error;
 * - errors are problem+json, except 429 and blocked-account 403s, which may be plain text or HTML;
 * - credentials are read when a request leaves (after its budget slot), never while it queues;
 * - 401 on the bearer transport → renew credentials once and retry once; a second 401 is
 *   AmoAccessRejected (an administrator must reconnect), never retried further;
 * - 429 / 5xx / network → exponential back-off with full jitter, a bounded number of times;
 * - 403 that looks like a block → an alarm, and no further calls for a cooldown.
 */
import { backoffDelay, DEFAULT_BACKOFF, realSleep, type BackoffPolicy, type Sleep } from './backoff';
import { blockGuardFor, type BlockGuard } from './block-guard';
import { budgetFor, systemClock, type Clock, type Release, type RequestBudget } from './budget';
import {
  AmoAccessRejected, AmoAccountBlocked, AmoError, AmoForbidden, AmoHttpError, AmoNetworkError, AmoNotFound, AmoProtocolError,
  AmoRateLimited, AmoServerError, AmoUnauthorized, AmoValidationError,
  type AmoErrorInit, type ValidationIssue,
} from './errors';
import { buildQuery, type QueryParams } from './query';
import { RenewalRefused, type AmoTransport, type Credentials } from './transport';
import { isRecord } from '../core/is-record';

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Batch writes turn this off: a 504 there is answered by splitting the batch (./batch.ts). */
  retryGatewayTimeout?: boolean;
}

export interface AmoAlarm {
  kind: 'account-blocked';
  budgetKey: string;
  method: string;
  path: string;
  status: number;
}

export interface HttpOptions {
  /** Requests per second for this account's shared budget (default 5, max 7). */
  perSecond?: number;
  /** Use this budget instead of the process-wide one for the transport's account. */
  budget?: RequestBudget;
  blockGuard?: BlockGuard;
  clock?: Clock;
  backoff?: Partial<BackoffPolicy>;
  sleep?: Sleep;
  random?: () => number;
  /** Raised once when amoCRM appears to have blocked the account; someone must contact support. */
  onAlarm?: (alarm: AmoAlarm) => void;
  /**
   * Abort one HTTP exchange after this long (default 30 s) and treat it as a network failure: a hung
   * request would otherwise hold a budget slot for ever and, with N of them, stall the account.
   */
  timeoutMs?: number;
}

export interface AmoHttp {
  /** Parsed JSON body, or null for 204 / an empty body. */
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<unknown>;
  /** Pages of `_embedded[key]`, following `_links.next` until it is absent. */
  pages(path: string, key: string, options?: { query?: QueryParams; signal?: AbortSignal }): AsyncIterable<unknown[]>;
}

type Outcome =
  | { kind: 'answer'; status: number; contentType: string; text: string; retryAfter: string | null }
  | { kind: 'network'; cause: unknown };

const isJsonType = (contentType: string): boolean => /json/i.test(contentType);

function parseValidationIssues(body: unknown): ValidationIssue[] {
  if (!isRecord(body) || !Array.isArray(body['validation-errors'])) return [];
  const issues: ValidationIssue[] = [];
  for (const entry of body['validation-errors'] as unknown[]) {
    if (!isRecord(entry) || !Array.isArray(entry.errors)) continue;
    const requestId = String(entry.request_id ?? '');
    const index = /^\d+$/.test(requestId) ? Number(requestId) : null;
    for (const e of entry.errors as unknown[]) {
      if (!isRecord(e)) continue;
      issues.push({ requestId, index, path: String(e.path ?? ''), code: String(e.code ?? ''), detail: String(e.detail ?? '') });
    }
  }
  return issues;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * An error answer → a typed error. Pure: exported for tests. 403 here is always "forbidden";
 * whether it means "blocked" is the block guard's call, which needs history.
 */
function errorFromAnswer(method: string, path: string, status: number, contentType: string, text: string): AmoError {
  const body = isJsonType(contentType) ? parseJson(text) : undefined;
  const detail = isRecord(body) && typeof body.detail === 'string' ? body.detail : undefined;
  const init: AmoErrorInit = { method, path, status, detail };
  if (status === 400 || status === 422) return new AmoValidationError(init, parseValidationIssues(body));
  if (status === 401) return new AmoUnauthorized(init);
  if (status === 403) return new AmoForbidden(init);
  if (status === 404) return new AmoNotFound(init);
  if (status === 429) return new AmoRateLimited(init);
  if (status >= 500) return new AmoServerError(init);
  return new AmoHttpError(init);
}

/**
 * 429 means amoCRM refused the call, so repeating it is always safe. A 5xx on a POST may come after
 * amoCRM stored the elements; we retry anyway (amoCRM's own advice, §4.2) and creates carry
 * `request_id`s so a caller can recognise a duplicate.
 */
const isRetryableStatus = (status: number, retryGatewayTimeout: boolean): boolean =>
  status === 429 || (status >= 500 && (status !== 504 || retryGatewayTimeout));

/** `Retry-After` is not documented by amoCRM (§4.3); when present, honour it as a lower bound. */
function retryAfterMs(header: string | null): number {
  if (header === null) return 0;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

function withQuery(path: string, query: QueryParams | undefined): string {
  const qs = query ? buildQuery(query) : '';
  if (!qs) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

/**
 * `_links.next.href` is absolute (`https://sub.amocrm.ru/api/v4/leads?page=2`). We keep only its
 * path and query and send it to OUR base URL, so a token never follows a link to another host.
 */
function nextPath(body: unknown): string | null {
  if (!isRecord(body) || !isRecord(body._links) || !isRecord(body._links.next)) return null;
  const href = body._links.next.href;
  if (typeof href !== 'string' || href.length === 0) return null;
  const url = new URL(href, 'http://relative.invalid');
  return `${url.pathname}${url.search}`;
}

/** Page `page` of a list: its elements under `_embedded[key]`, and whether it was the last page. */
export async function numberedPage(http: AmoHttp, path: string, key: string, params: QueryParams, page: number, limit: number): Promise<{ raw: unknown[]; last: boolean }> {
  const target = `${path}?${buildQuery({ ...params, limit, page })}`;
  const body = await http.request('GET', target);
  const raw = embedded(body, key, { method: 'GET', path: target, status: 200 });
  return { raw, last: raw.length < limit || nextPath(body) === null };
}

export function embedded(body: unknown, key: string, where: AmoErrorInit): unknown[] {
  if (body === null) return [];
  if (!isRecord(body)) throw new AmoProtocolError({ ...where, detail: 'body is not an object' });
  const items = isRecord(body._embedded) ? body._embedded[key] : undefined;
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new AmoProtocolError({ ...where, detail: `_embedded.${key} is not an array` });
  return items as unknown[];
}

export function createHttp(transport: AmoTransport, options: HttpOptions = {}): AmoHttp {
  const clock = options.clock ?? systemClock;
  const budget = options.budget ?? budgetFor(transport.budgetKey, { perSecond: options.perSecond, clock });
  const guard = options.blockGuard ?? blockGuardFor(transport.budgetKey);
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  const timeoutMs = options.timeoutMs ?? 30_000;

  type Sent = Outcome & { creds: Credentials | null };

  /**
   * Renews the transport's credentials; a refused renewal is final (AmoAccessRejected), any other
   * failure reads as a network failure so the back-off below retries it.
   */
  async function renew(where: { method: string; path: string }, rejected: Credentials | undefined): Promise<Outcome | null> {
    try {
      await transport.renewCredentials?.(rejected);
      return null;
    } catch (cause) {
      if (cause instanceof RenewalRefused) throw new AmoAccessRejected({ ...where, status: 401 }, cause);
      if (cause instanceof AmoError) throw cause;
      return { kind: 'network', cause };
    }
  }

  /**
   * One exchange: wait for a budget slot, THEN read the credentials, so a request that queued for
   * seconds never leaves with a token that expired while it waited. When the token is due for
   * renewal the slot goes back unused (the renewal takes a slot of its own, with priority; holding
   * ours while waiting for it could leave the renewal no slot at all) and we queue again.
   */
  async function send(method: HttpMethod, url: string, body: string | undefined, where: { method: string; path: string }, signal?: AbortSignal): Promise<Sent> {
    let renewedAhead = false;
    for (;;) {
      const release = await budget.acquire(signal);
      let creds: Credentials;
      try {
        creds = await transport.credentials();
      } catch (error) {
        (release.unused ?? release)();
        if (error instanceof RenewalRefused) throw new AmoAccessRejected({ ...where, status: null }, error);
        throw error;
      }
      if (creds.renewalDue === true && transport.renewCredentials && !renewedAhead) {
        (release.unused ?? release)();
        renewedAhead = true;
        const failed = await renew(where, undefined);
        if (failed !== null) return { ...failed, creds: null };
        continue;
      }
      return { ...(await exchange(method, url, body, creds, release, signal)), creds };
    }
  }

  async function exchange(method: HttpMethod, url: string, body: string | undefined, creds: Credentials, release: Release, signal?: AbortSignal): Promise<Outcome> {
    // Our own controller: the caller's signal cancels, the timer times out; only the first is final.
    const exchange = new AbortController();
    const cancel = (): void => exchange.abort(signal?.reason);
    signal?.addEventListener('abort', cancel, { once: true });
    const timer = clock.setTimeout(() => exchange.abort(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    try {
      signal?.throwIfAborted();
      const headers: Record<string, string> = { Accept: 'application/json', ...creds.headers };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const init: RequestInit = { method, headers, body, signal: exchange.signal };
      if (creds.credentials) init.credentials = creds.credentials;
      const res = await transport.fetch(url, init);
      const text = await res.text();
      return { kind: 'answer', status: res.status, contentType: res.headers.get('content-type') ?? '', text, retryAfter: res.headers.get('retry-after') };
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      return { kind: 'network', cause };
    } finally {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      release();
    }
  }

  function blocked(method: string, path: string, status: number): AmoAccountBlocked {
    return new AmoAccountBlocked({ method, path, status });
  }

  async function request(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<unknown> {
    const fullPath = withQuery(path, opts.query);
    const url = `${transport.baseUrl}${fullPath}`;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const where = { method, path: fullPath };
    let renewed = false;
    let retries = 0;

    for (;;) {
      if (guard.isBlocked(clock.now())) throw blocked(method, fullPath, 403);
      const outcome = await send(method, url, payload, where, opts.signal);
      let delayFloor = 0;
      let failure: AmoError;

      if (outcome.kind === 'network') {
        failure = new AmoNetworkError(where, outcome.cause);
      } else {
        const { status, contentType, text } = outcome;
        if (status === 403) {
          const nonJson = !isJsonType(contentType);
          if (guard.record403(fullPath, nonJson, clock.now())) {
            options.onAlarm?.({ kind: 'account-blocked', budgetKey: transport.budgetKey, method, path: fullPath, status });
          }
          if (guard.isBlocked(clock.now())) throw blocked(method, fullPath, status);
          throw errorFromAnswer(method, fullPath, status, contentType, text);
        }
        guard.recordAnswer();
        if (status >= 200 && status < 300) {
          if (text.trim() === '') return null;
          const parsed = parseJson(text);
          if (parsed === undefined) throw new AmoProtocolError({ ...where, status, detail: 'body is not JSON' });
          return parsed;
        }
        if (status === 401 && transport.renewCredentials) {
          // A second 401 right after a renewal: amoCRM refuses the integration itself.
          if (renewed) throw new AmoAccessRejected({ ...where, status });
          renewed = true;
          // Waits for the one renewal of this token (shared with every caller refused it), then
          // retries once, reading the credentials again when the retry leaves.
          const failed = await renew(where, outcome.creds ?? undefined);
          if (failed === null) continue;
          failure = new AmoNetworkError(where, failed.kind === 'network' ? failed.cause : undefined);
          renewed = false;
        } else {
          failure = errorFromAnswer(method, fullPath, status, contentType, text);
          if (!isRetryableStatus(status, opts.retryGatewayTimeout ?? true)) throw failure;
          delayFloor = retryAfterMs(outcome.retryAfter);
        }
      }

      if (retries + 1 >= policy.maxAttempts) throw failure;
      const delay = Math.min(policy.capMs, Math.max(delayFloor, backoffDelay(policy, retries, random)));
      retries += 1;
      await sleep(delay, opts.signal);
    }
  }

  async function* pages(path: string, key: string, opts: { query?: QueryParams; signal?: AbortSignal } = {}): AsyncGenerator<unknown[]> {
    let next: string | null = withQuery(path, opts.query);
    while (next !== null) {
      const body = await request('GET', next, { signal: opts.signal });
      const items = embedded(body, key, { method: 'GET', path: next, status: 200 });
      if (items.length > 0) yield items;
      const following = items.length > 0 ? nextPath(body) : null;
      // A `next` pointing back at the same page would loop forever against the budget.
      next = following === next ? null : following;
    }
  }

  return { request, pages };
}
