/** Helpers for the sandbox's own tests: an HTTP client per caller and a recording receiver. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from './server';

export const NOW = Date.UTC(2026, 10, 20, 9, 0, 0);

interface Answer { status: number; contentType: string; text: string; json: unknown }

export type Call = (method: string, path: string, body?: unknown) => Promise<Answer>;

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, contentType, text, json: contentType.includes('json') && text ? JSON.parse(text) : undefined };
}

export function bearerClient(sb: Sandbox, token = sb.longLivedToken): Call {
  return async (method, path, body) => answer(await fetch(sb.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

/** Logs in through the host-page contract and calls like the amoCRM front end (jQuery headers). */
export async function sessionClient(sb: Sandbox, userId: number): Promise<Call> {
  const res = await fetch(`${sb.url}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method, path, body) => answer(await fetch(sb.url + path, {
    method,
    headers: { cookie, 'x-requested-with': 'XMLHttpRequest', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

export async function dev(sb: Sandbox, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sb.url}/_emulator${path}`, {
    method, headers: body !== undefined ? { 'content-type': 'application/json' } : {}, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

interface Received { method: string; url: string; contentType: string; body: string }

export interface Receiver { url: string; received: Received[]; respondWith(status: number): void; close(): Promise<void> }

export async function startReceiver(initialStatus = 200): Promise<Receiver> {
  let status = initialStatus;
  const received: Received[] = [];
  const readBody = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith(s) { status = s; },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Narrowing helper for JSON answers in tests. */
export function field<T>(value: unknown, ...path: Array<string | number>): T {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') throw new Error(`no ${path.join('.')} in ${String(JSON.stringify(value)).slice(0, 200)}`);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current as T;
}
