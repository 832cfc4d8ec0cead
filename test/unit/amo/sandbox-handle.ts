/**
 * Starts the local amoCRM sandbox (test/emulator/server.ts) for the client's integration test and
 * the budget benchmark. Loaded dynamically and checked against the documented contract
 * (docs/decisions/0001), so this side compiles and skips cleanly while the sandbox is missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SANDBOX_SERVER = fileURLToPath(new URL('../../emulator/server.ts', import.meta.url));
export const sandboxAvailable = (): boolean => existsSync(SANDBOX_SERVER);

interface SandboxRequest { at: number; method: string; path: string; status: number; elements: number; auth?: string }

export interface SandboxHandle {
  url: string;
  longLivedToken: string;
  accountId: number;
  users: Array<{ id: number; role?: string }>;
  requests(): SandboxRequest[];
  close(): Promise<void>;
}

function isSandboxHandle(v: unknown): v is SandboxHandle {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  return typeof h.url === 'string' && typeof h.longLivedToken === 'string' && typeof h.requests === 'function' && typeof h.close === 'function';
}

export async function startSandbox(options: { port: number; scenario: 'small' | 'demo' | 'empty' }): Promise<SandboxHandle> {
  const mod: unknown = await import(/* @vite-ignore */ SANDBOX_SERVER);
  const start = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>).startSandbox : undefined;
  if (typeof start !== 'function') throw new Error('test/emulator/server.ts does not export startSandbox');
  const handle: unknown = await (start as (o: typeof options) => Promise<unknown>)(options);
  if (!isSandboxHandle(handle)) throw new Error('startSandbox() did not return { url, longLivedToken, requests(), close() }');
  return handle;
}

/** POST /_emulator/faults: inject a status or latency on a route (see test/emulator/faults.ts). */
export async function injectFault(sandbox: SandboxHandle, fault: { route: string; status?: number; probability?: number; count?: number }): Promise<void> {
  const res = await fetch(`${sandbox.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`fault injection failed: ${res.status} ${await res.text()}`);
}

export async function clearFaults(sandbox: SandboxHandle): Promise<void> {
  await fetch(`${sandbox.url}/_emulator/faults`, { method: 'DELETE' });
}

/** The most requests whose arrival times fall inside one half-open second [t, t + 1000). */
export function peakPerSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] ?? 0) - (sorted[lo] ?? 0) >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
