/**
 * kill -9 in the middle of a burst: every webhook amoCRM got a 200 for survives, amoCRM's
 * retries of the rest are accepted after the restart, and every side effect happens exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { BENCH_SECRET, getJson, postForm, statusLeadBody } from '../bench/webhook-traffic';
import { forEachStore } from '../support/service-store';

const SERVICE = path.resolve(import.meta.dirname, '../bench/webhook-service.ts');
const TOTAL = 2_000;
const KILL_AFTER_ACKS = 700;
const URL_PATH = `/webhooks/amo/${BENCH_SECRET}`;

interface Stats { inbox: number; jobs: Record<string, number>; effects: number; effectLog: number; distinctEffectLog: number }

function startService(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICE], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.once('exit', (code) => reject(new Error(`service exited early (${code})`)));
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
});

forEachStore('webhooks across a crash', (fixture) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step(); });

  it('loses no acknowledged webhook and repeats no side effect after kill -9 mid-burst', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'webhook-crash-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = fixture.kind === 'pglite' ? { WEBHOOK_DATA_DIR: dataDir } : { WEBHOOK_DATABASE_URL: fixture.databaseUrl() ?? '' };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    cleanup.push(async () => agent.destroy());

    const first = await startService({ ...env, JOB_TIMEOUT_MS: '1000' });
    cleanup.push(async () => { first.child.kill('SIGKILL'); });
    const acknowledged = new Set<number>();
    let next = 1;
    let killed = false;
    const worker = async () => {
      while (!killed && next <= TOTAL) {
        const leadId = next++;
        try {
          const { status } = await postForm(agent, first.port, URL_PATH, statusLeadBody(leadId));
          if (status === 200) acknowledged.add(leadId);
          if (acknowledged.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          // Connection reset by the kill: amoCRM would retry this one later.
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await exited(first.child);
    expect(killed).toBe(true);
    agent.destroy();

    const second = await startService({ ...env, JOB_TIMEOUT_MS: '1000' });
    cleanup.push(async () => { second.child.kill('SIGKILL'); });
    const retryAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    cleanup.push(async () => retryAgent.destroy());
    // amoCRM retries what it got no 2xx for; some acknowledged ones come again too (duplicates).
    const resend = [...Array.from({ length: TOTAL }, (_, i) => i + 1).filter((id) => !acknowledged.has(id)), ...[...acknowledged].slice(0, 100)];
    const statuses = new Map<number, number>();
    for (let start = 0; start < resend.length; start += 16) {
      await Promise.all(resend.slice(start, start + 16).map(async (leadId) => {
        statuses.set(leadId, (await postForm(retryAgent, second.port, URL_PATH, statusLeadBody(leadId))).status);
      }));
    }
    expect([...statuses.values()].every((status) => status === 200)).toBe(true);

    let stats = (await getJson(second.port, '/_fixture/stats')) as Stats;
    const deadline = Date.now() + 60_000;
    while ((stats.jobs.done ?? 0) + (stats.jobs.failed ?? 0) < TOTAL && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = (await getJson(second.port, '/_fixture/stats')) as Stats;
    }
    second.child.kill('SIGTERM');
    await exited(second.child);

    expect(stats).toEqual({ inbox: TOTAL, jobs: { done: TOTAL }, effects: TOTAL, effectLog: TOTAL, distinctEffectLog: TOTAL });
  }, 180_000);
});
