/**
 * npm run bench:webhooks — webhook ingestion over loopback: the service (webhook plugin, job
 * runner, embedded PGlite in a temp folder) in one process, the sender in another.
 * Goal (issue 4): ≥ 1,000 webhooks/s sustained for ≥ 10 s with p99 acknowledgement ≤ 25 ms, and
 * none lost: every acknowledged webhook is in the inbox.
 * Env: RATE (default 1200), DURATION_S (default 10), JOBS=off to measure ingestion alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitSoonAfterLastLine, reportGoals } from './exit';
import { getJson } from './webhook-traffic';

const here = import.meta.dirname;

function run(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(here, script)], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
}

function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`${String(child.spawnargs.at(-1))} exited (${code}) before printing ${pattern}`)));
  });
}

interface LoadResult { sent: number; ok: number; failed: number; elapsedS: number; p50: number; p99: number; max: number }
interface Stats { inbox: number; jobs: Record<string, number> }

const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-webhooks-'));
const service = run('webhook-service.ts', { WEBHOOK_DATA_DIR: dataDir, JOBS: process.env.JOBS ?? 'on' });
try {
  const port = Number((await lineMatching(service, /READY (\d+)/))[1]);
  // One sender for the warm-up and the run: its connection pool is part of what gets warm (see webhook-load.ts).
  const load = run('webhook-load.ts', { PORT: String(port), RATE: process.env.RATE ?? '1200', DURATION_S: process.env.DURATION_S ?? '10' });
  const result = lineMatching(load, /RESULT (.+)\n/);
  await lineMatching(load, /WARMED\n/);
  // Let the warm-up's jobs finish first: the run measures steady ingestion, not a warm-up backlog.
  const settleBy = Date.now() + 60_000;
  while (Date.now() < settleBy) {
    const jobs = ((await getJson(port, '/_fixture/stats')) as Stats).jobs;
    if (process.env.JOBS === 'off' || ((jobs.queued ?? 0) === 0 && (jobs.running ?? 0) === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const before = (await getJson(port, '/_fixture/stats')) as Stats;
  load.stdin?.write('go\n');
  const { sent, ok, failed, elapsedS, p50, p99, max } = JSON.parse((await result)[1] ?? '{}') as LoadResult;
  const after = (await getJson(port, '/_fixture/stats')) as Stats;

  const stored = after.inbox - before.inbox;
  console.warn(`sent ${sent}, acknowledged ${ok}, refused/failed ${failed}, stored ${stored}, ` +
    `p50 ${p50.toFixed(2)} ms, max ${max.toFixed(1)} ms, jobs ${JSON.stringify(after.jobs)}`);
  process.stdout.write(`BENCH webhook_ingest_rate ${Math.round(ok / elapsedS)} webhooks/s\n`);
  process.stdout.write(`BENCH webhook_ack_p99 ${p99.toFixed(2)} ms\n`);
  process.stdout.write(`BENCH webhook_lost ${ok - stored} webhooks\n`);
  exitSoonAfterLastLine('webhooks');
  const rate = ok / elapsedS;
  reportGoals('webhooks', [
    ...(rate < 1_000 ? [`${Math.round(rate)} webhooks/s, goal ≥ 1,000`] : []),
    ...(p99 > 25 ? [`acknowledgement p99 ${p99.toFixed(2)} ms, goal ≤ 25 ms`] : []),
    ...(stored !== ok || failed > 0 ? [`${ok} acknowledged, ${stored} stored, ${failed} failed: none may be lost`] : []),
  ]);
} finally {
  if (service.exitCode === null && service.signalCode === null) {
    const exited = new Promise((resolve) => service.once('exit', resolve));
    service.kill('SIGTERM');
    await exited;
  }
  await rm(dataDir, { recursive: true, force: true });
}
