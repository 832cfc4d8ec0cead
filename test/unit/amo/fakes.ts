/** Test doubles for the amo client: a scripted fetch, a manual clock, a recording sleep. */
import { createBlockGuard } from '../../../src/amo/block-guard';
import type { Clock, RequestBudget } from '../../../src/amo/budget';
import type { EpochMs } from '../../../src/core/brand';
import type { HttpOptions } from '../../../src/amo/http';
import { createBearerTransport, createSessionTransport, type AmoTransport, type FetchLike } from '../../../src/amo/transport';

export interface SentRequest { method: string; url: string; path: string; headers: Record<string, string>; body: unknown; credentials?: RequestCredentials; signal?: AbortSignal }

export type Responder = (req: SentRequest, index: number) => Response | Promise<Response>;

export function json(body: unknown, status = 200, contentType = 'application/hal+json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}
export const problem = (status: number, body: Record<string, unknown> = {}): Response =>
  json({ title: 'Error', type: `https://httpstatus.es/${status}`, status, detail: 'failed', ...body }, status, 'application/problem+json');
export const text = (status: number, body: string, contentType = 'text/html'): Response =>
  new Response(body, { status, headers: { 'content-type': contentType } });
export const noContent = (): Response => new Response(null, { status: 204 });

function fakeFetch(respond: Responder): { fetch: FetchLike; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    const u = new URL(url, 'http://same-origin.test');
    const headers = { ...(init.headers as Record<string, string>) };
    const req: SentRequest = {
      method: init.method ?? 'GET',
      url,
      path: `${u.pathname}${u.search}`,
      headers,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      credentials: init.credentials,
      signal: init.signal ?? undefined,
    };
    sent.push(req);
    return respond(req, sent.length - 1);
  };
  return { fetch, sent };
}

/** A budget that never waits: the HTTP tests are about behaviour, budget.test.ts about pacing. */
const unlimitedBudget: RequestBudget = { perSecond: 7, waiting: 0, acquire: () => Promise.resolve(() => undefined) };

export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: (ms) => { delays.push(ms); return Promise.resolve(); } };
}

/** Fresh per-test state: no process-wide budget or block guard leaks between tests. */
export function isolatedOptions(extra: HttpOptions = {}): HttpOptions {
  return { budget: unlimitedBudget, blockGuard: createBlockGuard(), sleep: recordingSleep().sleep, random: () => 0.5, ...extra };
}

export function sessionTransport(respond: Responder): { transport: AmoTransport; sent: SentRequest[] } {
  const { fetch, sent } = fakeFetch(respond);
  return { transport: createSessionTransport({ fetch }), sent };
}

export function bearerTransport(respond: Responder, tokens = { accessToken: () => Promise.resolve('t1'), refresh: () => Promise.resolve('t2') }): { transport: AmoTransport; sent: SentRequest[] } {
  const { fetch, sent } = fakeFetch(respond);
  return { transport: createBearerTransport({ baseUrl: 'https://demo.amocrm.ru/', tokens, fetch }), sent };
}

/** A manual clock: timers fire only when the test advances time. */
export class ManualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now(): EpochMs { return this.t as EpochMs; }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((x) => x.id !== handle); }
  /** Moves time forward to each due timer in turn, letting promise callbacks run in between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
