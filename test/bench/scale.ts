/**
 * `npm run bench:scale` (issue 13) against a real PostgreSQL (`DATABASE_URL`; the bench creates and
 * drops its own database there):
 * 1. Shared budget: 3 sandbox accounts, 3 instance processes (test/bench/scale-worker.ts) calling
 *    every account at once through the account budget shared in PostgreSQL; one instance is killed
 *    with SIGKILL midway (its held slots expire by lease). Peak requests per second is read from
 *    each sandbox's own request log: `BENCH scale_peak_rps_per_account` (goal ≤ 7).
 * 2. Retention: 100,000 processed webhooks written as the pipeline leaves them (inbox row, done job,
 *    effect) spread over 10 days, plus pending work, then one retention pass with a 1-day window:
 *    `BENCH retention_rows_after` — must equal the rows inside the window plus the rows still needed.
 * Exits 1 when a goal is missed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { pruneOnce } from '../../src/service/retention/retention';
import { openStore } from '../../src/service/store/db';
import { startSandbox } from '../emulator/server';
import { peakPerSecond } from '../unit/amo/sandbox-handle';

const AMO_LIMIT_PER_SECOND = 7;
const INSTANCES = 3;
const ACCOUNTS = 3;
const REQUESTS_PER_ACCOUNT_PER_INSTANCE = 40;
const WEBHOOKS = 100_000;
const DAY = 86_400_000;
const WORKER = fileURLToPath(new URL('./scale-worker.ts', import.meta.url));

const fail = (message: string): never => {
  process.stderr.write(`scale bench: ${message}\n`);
  process.exit(1);
};

async function withOwnDatabase<T>(baseUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `amo_scale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    // Give the killed instance's connections a moment to be noticed gone, then drop.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch((error: unknown) => {
      process.stderr.write(`scale bench: could not drop ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    await admin.end();
  }
}

function startWorker(input: unknown): { child: ChildProcess; exited: Promise<number | null>; done: () => number } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let done = 0;
  child.stdout?.on('data', (chunk: Buffer) => { done += (chunk.toString().match(/^done /gm) ?? []).length; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, done: () => done };
}

async function budgetRun(databaseUrl: string): Promise<string[]> {
  // Migrations once, before the instances start (as in production).
  await (await openStore({ databaseUrl })).close();
  const sandboxes = await Promise.all(Array.from({ length: ACCOUNTS }, (_, i) => startSandbox({ port: 0, scenario: 'small', seed: i + 1 })));
  try {
    const input = { databaseUrl, accounts: sandboxes.map((s) => ({ url: s.url, token: s.longLivedToken })), requestsPerAccount: REQUESTS_PER_ACCOUNT_PER_INSTANCE };
    const started = Date.now();
    const workers = Array.from({ length: INSTANCES }, () => startWorker(input));
    // Kill one instance once the instances are well under way.
    const victim = workers[0]!;
    while (victim.done() < REQUESTS_PER_ACCOUNT_PER_INSTANCE && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 50));
    victim.child.kill('SIGKILL');
    const codes = await Promise.all(workers.slice(1).map((w) => w.exited));
    const seconds = (Date.now() - started) / 1000;
    // amoCRM counts requests as they arrive: the sandbox's arrival stamps. (Answer stamps are also
    // shown: they add the sandbox's own event-loop lag, which is not the client's doing.)
    const apiLog = (s: (typeof sandboxes)[number]) => s.requests().filter((r) => r.path.startsWith('/api/v4/'));
    const peaks = sandboxes.map((s) => peakPerSecond(apiLog(s).map((r) => r.receivedAt)));
    const answerPeaks = sandboxes.map((s) => peakPerSecond(apiLog(s).map((r) => r.at)));
    const survivorsDone = workers.slice(1).reduce((sum, w) => sum + w.done(), 0);
    const peak = Math.max(...peaks);
    process.stdout.write(`BENCH scale_peak_rps_per_account ${peak} requests/s\n`);
    process.stdout.write(`scale budget: ${INSTANCES} instances × ${ACCOUNTS} accounts, one SIGKILLed after ${victim.done()} calls; `
      + `per-account peaks at arrival ${peaks.join(', ')} (at answer ${answerPeaks.join(', ')}); survivors made ${survivorsDone}/${(INSTANCES - 1) * ACCOUNTS * REQUESTS_PER_ACCOUNT_PER_INSTANCE} calls in ${seconds.toFixed(1)} s\n`);
    const problems: string[] = [];
    if (peak > AMO_LIMIT_PER_SECOND) problems.push(`peak ${peak} requests/s at one account exceeds ${AMO_LIMIT_PER_SECOND}`);
    if (codes.some((code) => code !== 0)) problems.push(`an instance failed (exit codes ${codes.join(', ')})`);
    if (survivorsDone !== (INSTANCES - 1) * ACCOUNTS * REQUESTS_PER_ACCOUNT_PER_INSTANCE) problems.push('the surviving instances did not finish their calls');
    return problems;
  } finally {
    await Promise.all(sandboxes.map((s) => s.close()));
  }
}

async function retentionRun(databaseUrl: string): Promise<string[]> {
  const store = await openStore({ databaseUrl });
  try {
    const now = Date.UTC(2026, 11, 6, 12);
    const db = store.db;
    // 100,000 webhooks over the last 10 days, each as the pipeline leaves it: inbox row, done job, effect.
    await sql`
      INSERT INTO webhook_inbox (account_id, source, dedupe_key, body, job_count, received_at)
      SELECT 31000001 + (g % 3), 'account', 'w' || g, '{}'::jsonb, 1, ${new Date(now)}::timestamptz - (g * (10 * 86400000 / ${WEBHOOKS}) || ' milliseconds')::interval
      FROM generate_series(1, ${WEBHOOKS}::int) AS g`.execute(db);
    await sql`
      INSERT INTO jobs (account_id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
      SELECT account_id, 'amo.lead.status', jsonb_build_object('inboxId', id), 'done', 1, 5, received_at, received_at, received_at, received_at
      FROM webhook_inbox`.execute(db);
    await sql`
      INSERT INTO effects (account_id, key, result, created_at)
      SELECT account_id, 'effect:' || id, 'true'::jsonb, received_at FROM webhook_inbox`.execute(db);
    // Still needed though old: 10 webhooks whose jobs are still queued (retrying) 3 days on.
    await sql`
      UPDATE jobs SET status = 'queued', finished_at = NULL
      WHERE id IN (SELECT id FROM jobs WHERE created_at < ${new Date(now - 3 * DAY)} ORDER BY id LIMIT 10)`.execute(db);

    const window = { inboxDays: 1, jobsDays: 1, effectsDays: 1, decisionsDays: 1, reviewsDays: 1 };
    const cutoff = new Date(now - DAY);
    const count = async (query: ReturnType<typeof sql<{ n: number | string }>>): Promise<number> => Number((await query.execute(db)).rows[0]?.n ?? 0);
    // Expected survivors, counted independently of the pass: inside the window, or tied to pending work.
    const pendingAccounts = sql`SELECT account_id, min(created_at) AS since FROM jobs WHERE status IN ('queued', 'running') GROUP BY account_id`;
    const expected = await count(sql<{ n: number }>`SELECT
        (SELECT count(*) FROM webhook_inbox i WHERE i.received_at >= ${cutoff}
           OR EXISTS (SELECT 1 FROM jobs j WHERE j.status = 'queued' AND j.payload->>'inboxId' = i.id::text))
      + (SELECT count(*) FROM jobs WHERE finished_at >= ${cutoff} OR status IN ('queued', 'running'))
      + (SELECT count(*) FROM effects e WHERE e.created_at >= ${cutoff}
           OR EXISTS (SELECT 1 FROM (${pendingAccounts}) p WHERE p.account_id = e.account_id AND p.since <= e.created_at)) AS n`);
    const before = await count(sql<{ n: number }>`SELECT (SELECT count(*) FROM webhook_inbox) + (SELECT count(*) FROM jobs) + (SELECT count(*) FROM effects) AS n`);
    const started = Date.now();
    await pruneOnce(db, window, now);
    const passSeconds = (Date.now() - started) / 1000;
    const after = await count(sql<{ n: number }>`SELECT (SELECT count(*) FROM webhook_inbox) + (SELECT count(*) FROM jobs) + (SELECT count(*) FROM effects) AS n`);
    process.stdout.write(`BENCH retention_rows_after ${after} rows\n`);
    process.stdout.write(`retention: ${before} rows before, ${after} after (expected ${expected}: inside the 1-day window or tied to pending jobs), pass ${passSeconds.toFixed(1)} s\n`);
    return after === expected ? [] : [`retention left ${after} rows, expected ${expected}`];
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.DATABASE_URL ?? fail('set DATABASE_URL to a PostgreSQL server (e.g. export DATABASE_URL=$(cat /tmp/pgurl))');
  const problems = await withOwnDatabase(baseUrl, async (url) => [...await budgetRun(url), ...await retentionRun(url)]);
  if (problems.length > 0) fail(problems.join('; '));
  process.exit(0);
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
