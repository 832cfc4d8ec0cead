// Everything the page reads comes over HTTP from the sandbox (docs/decisions/0001): the page and the
// server share no code, so a bug in one cannot hide a bug in the other.

/** Thrown for any non-2xx answer; keeps the status so views can say "no rights" vs "broken". */
export class HttpError extends Error {
  /** @param {string} method @param {string} url @param {number} status @param {string} body */
  constructor(method, url, status, body) {
    super(`${method} ${url} → ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'HttpError';
    this.status = status;
  }
}

/**
 * Same-origin request as amoCRM's own front end makes it: the session cookie authenticates and
 * `X-Requested-With` marks it as an AJAX call (platform reference §3.1).
 * @param {string} method @param {string} url @param {unknown} [body]
 * @returns {Promise<unknown>} parsed JSON, or null for 204
 */
export async function request(method, url, body) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new HttpError(method, url, res.status, await res.text());
  // amoCRM answers an empty list with 204 and no body (reference §4.1).
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const getJson = (/** @type {string} */ url) => request('GET', url);
export const postJson = (/** @type {string} */ url, /** @type {unknown} */ body) => request('POST', url, body);

export function fetchBootstrap() {
  return getJson('/_emulator/bootstrap');
}

/** @param {number} userId */
export function switchSession(userId) {
  return postJson('/_emulator/session', { user_id: userId });
}

/** @returns {Promise<Array<Record<string, unknown>>>} */
export async function fetchPipelines() {
  const page = await getJson('/api/v4/leads/pipelines');
  return page?._embedded?.pipelines ?? [];
}

/**
 * Every lead matching the query, following `_links.next` (limit ≤ 250, reference §4.1).
 * @param {URLSearchParams} params filter params without page/limit
 */
export async function fetchAllLeads(params) {
  const leads = [];
  for (let page = 1; page <= 40; page += 1) {
    const query = new URLSearchParams(params);
    query.set('limit', '250');
    query.set('page', String(page));
    const body = await getJson(`/api/v4/leads?${query.toString()}`);
    const batch = body?._embedded?.leads ?? [];
    leads.push(...batch);
    if (!body?._links?.next) break;
  }
  return leads;
}

/** @param {number} leadId */
export function fetchLead(leadId) {
  return getJson(`/api/v4/leads/${leadId}?with=loss_reason`);
}

/** @returns {Promise<Array<{ id: number, name: string }>>} the account's loss reasons (amoCRM's «Причина отказа» list) */
export async function fetchLossReasons() {
  const page = await getJson('/api/v4/leads/loss_reasons');
  return page?._embedded?.loss_reasons ?? [];
}

/** @param {Record<string, unknown>} lead @returns {Promise<number>} the new lead's id */
export async function createLead(lead) {
  const body = await postJson('/api/v4/leads', [lead]);
  return Number(body?._embedded?.leads?.[0]?.id);
}

/** @param {number} leadId @param {Record<string, unknown>} patch */
export function patchLead(leadId, patch) {
  return request('PATCH', `/api/v4/leads/${leadId}`, patch);
}
