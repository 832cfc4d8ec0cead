/**
 * `npm run bench:refusals`: 1,000 deals closed lost at once in the sandbox, which sends one
 * status webhook per deal to the real service (startService, in this process). Measures the
 * service's own amoCRM requests (bearer calls in the sandbox's request log — the bench acts through
 * a browser session, so its calls are told apart) and the time until every review task exists.
 * Exits 1 over 30 requests, over 7 requests in any second, or when a task is missing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AccountId } from '../../src/core/brand';
import { parseEnv } from '../../src/service/env';
import { startService } from '../../src/service/server';
import { startSandbox } from '../emulator/server';
import { peakPerSecond } from '../unit/amo/sandbox-handle';
import { configureEveryLossRule, openSession, REVIEW_TASK_TYPE } from './refusal-setup';
import { exitSoonAfterLastLine } from './exit';

const DEALS = 1000;
const MAX_REQUESTS = 30;
const AMO_LIMIT_PER_SECOND = 7;
const TIMEOUT_MS = 60_000;

const fail = (message: string): never => {
  process.stderr.write(`refusals bench: ${message}\n`);
  process.exit(1);
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface StateDump {
  users: Array<{ id: number; rights: unknown; group_id?: number }>;
  pipelines: Array<{ id: number; _embedded: { statuses: Array<{ id: number; type: number }> } }>;
  tasks: Array<{ entity_id: number | null; task_type_id: number; responsible_user_id: number }>;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, scenario: 'demo', seed: 1, now: Date.now() });
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let dataDir: string | undefined;
  try {
    const session = await openSession(sandbox.url, sandbox.users.find((u) => u.role === 'admin')?.id ?? fail('no admin'));
    const state = await session<StateDump>('GET', '/_emulator/state');
    const pipeline = state.pipelines[0] ?? fail('no pipeline');
    const firstStage = pipeline._embedded.statuses.find((s) => s.type === 0) ?? fail('no open stage');
    const managers = sandbox.users.filter((u) => u.role === 'manager');
    const heads = sandbox.users.filter((u) => u.role === 'head');

    const ids: number[] = [];
    for (let from = 0; from < DEALS; from += 250) {
      const batch = Array.from({ length: Math.min(250, DEALS - from) }, (_, i) => ({
        name: `Bench loss ${from + i}`, price: 10_000 + from + i, pipeline_id: pipeline.id, status_id: firstStage.id,
        responsible_user_id: managers[(from + i) % managers.length]!.id,
      }));
      const created = await session<{ _embedded: { leads: Array<{ id: number }> } }>('POST', '/api/v4/leads', batch);
      ids.push(...created._embedded.leads.map((l) => l.id));
    }

    // Connected after the deals exist, so their creation sends no webhooks: only the losses do.
    // tmpfs when there is one: the bench measures amoCRM traffic, not the disk.
    dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'refusals-bench-'));
    const port = await freePort();
    service = await startService(parseEnv({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      AMO_CLIENT_ID: sandbox.integration.client_id, AMO_CLIENT_SECRET: sandbox.integration.client_secret,
      AMO_REDIRECT_URI: sandbox.integration.redirect_uri, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      ALLOWED_ORIGINS: sandbox.url, AMO_LONG_LIVED_TOKEN: sandbox.longLivedToken, AMO_BASE_URL: sandbox.url,
      DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    }), { logger: pino({ level: 'silent' }) });
    await configureEveryLossRule(service.store.db, sandbox.accountId as AccountId, heads, sandbox.users.find((u) => u.role === 'admin')!.id);

    const logFrom = sandbox.requests().length;
    const started = Date.now();
    for (let from = 0; from < ids.length; from += 250) {
      await session('PATCH', '/api/v4/leads', ids.slice(from, from + 250).map((id) => ({ id, status_id: 143, loss_reason_id: null })));
    }
    const idSet = new Set(ids);
    let seconds = 0;
    for (;;) {
      const row = await service.store.db.selectFrom('refusal_reviews').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('review_task_id', 'is not', null).executeTakeFirst();
      if (Number(row?.n ?? 0) >= DEALS) {
        seconds = (Date.now() - started) / 1000;
        break;
      }
      if (Date.now() - started > TIMEOUT_MS) {
        seconds = Number.NaN;
        await reportStuck(service.store.db);
        break;
      }
      await sleep(100);
    }
    const serviceCalls = sandbox.requests().slice(logFrom).filter((r) => r.auth === 'bearer' && r.path.startsWith('/api/v4/'));
    const peak = peakPerSecond(serviceCalls.map((r) => r.at));
    // Where the requests went, for whoever has to bring the count down.
    const byRoute = new Map<string, number>();
    for (const call of serviceCalls) byRoute.set(`${call.method} ${call.path}`, (byRoute.get(`${call.method} ${call.path}`) ?? 0) + 1);
    process.stderr.write(`refusals bench: service requests ${JSON.stringify(Object.fromEntries(byRoute))}\n`);
    const { deliveries } = await session<{ deliveries: Array<{ kind: string; event: string; at: number; delivered: boolean }> }>('GET', '/_emulator/webhooks/deliveries');
    for (const event of new Set(deliveries.map((d) => d.event))) {
      const hooks = deliveries.filter((d) => d.kind === 'webhook' && d.event === event);
      const last = hooks.length === 0 ? 0 : (Math.max(...hooks.map((d) => d.at)) - started) / 1000;
      process.stderr.write(`refusals bench: ${event}: ${hooks.filter((d) => d.delivered).length}/${hooks.length} acknowledged, the last ${last.toFixed(1)} s after the losses\n`);
    }
    const after = await session<StateDump>('GET', '/_emulator/state');
    const tasks = after.tasks.filter((t) => t.entity_id !== null && idSet.has(t.entity_id) && t.task_type_id === REVIEW_TASK_TYPE).length;

    process.stdout.write(`BENCH refusal_tasks_requests ${serviceCalls.length} requests\n`);
    process.stdout.write(`BENCH refusal_tasks_peak_rps ${peak} requests/s\n`);
    process.stdout.write(`BENCH refusal_tasks_seconds ${Number.isNaN(seconds) ? 'timeout' : seconds.toFixed(1)} s\n`);
    exitSoonAfterLastLine('refusals bench');
    const problems: string[] = [];
    if (serviceCalls.length > MAX_REQUESTS) problems.push(`${serviceCalls.length} amoCRM requests, goal ≤ ${MAX_REQUESTS}`);
    if (peak > AMO_LIMIT_PER_SECOND) problems.push(`peak ${peak} requests/s exceeds ${AMO_LIMIT_PER_SECOND}`);
    if (tasks !== DEALS) problems.push(`${tasks} review tasks in the sandbox, expected ${DEALS}`);
    if (problems.length > 0) fail(problems.join('; '));
  } finally {
    await service?.close();
    await sandbox.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Where the losses stopped: webhook jobs, collector rounds and reviews by state, on stderr. */
async function reportStuck(db: Parameters<typeof configureEveryLossRule>[0]): Promise<void> {
  const jobs = await db.selectFrom('jobs').select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['type', 'status']).execute();
  const reviews = await db.selectFrom('refusal_reviews').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  process.stderr.write(`refusals bench: timed out; jobs ${JSON.stringify(jobs)}; reviews ${JSON.stringify(reviews)}\n`);
}


main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
