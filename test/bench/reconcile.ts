/**
 * `npm run bench:reconcile`: 1,000 deals closed lost in the sandbox that a refusal rule covers;
 * half of them while the account webhook works; right after the reconciler's next periodic check
 * the webhook is disabled (sandbox developer API, as amoCRM does after failed deliveries) and the
 * other half is lost while nobody hears of it. The service (startService, in this process, with
 * every feature) must notice at its following check (60 s later), subscribe again and catch the
 * gap up from the events feed.
 *
 * Prints: missed and duplicated reviews (goal 0 each); the reconciler's amoCRM requests from the
 * moment the webhook went off (GET /api/v4/events, /api/v4/webhooks calls, GET /api/v4/leads —
 * goal ≤ ceil(events read / 100) + ceil(losses / 250) + 5); the peak requests per second of all
 * the service's calls (goal ≤ 7); seconds from the first loss until the last review task exists;
 * and, for the record, how long the webhook was off. Exits 1 on a missed goal.
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

const DEALS = 1000;
const AMO_LIMIT_PER_SECOND = 7;
const TIMEOUT_MS = 300_000;

const fail = (message: string): never => {
  process.stderr.write(`reconcile bench: ${message}\n`);
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
  users: Array<{ id: number; role: string; group_id: number }>;
  pipelines: Array<{ id: number; _embedded: { statuses: Array<{ id: number; type: number }> } }>;
  tasks: Array<{ entity_id: number | null; task_type_id: number }>;
  webhooks: Array<{ destination: string; disabled: boolean }>;
}

async function main(): Promise<number> {
  const sandbox = await startSandbox({ port: 0, scenario: 'demo', seed: 1, now: Date.now() });
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let dataDir: string | undefined;
  try {
    const admin = sandbox.users.find((u) => u.role === 'admin') ?? fail('no admin');
    const session = await openSession(sandbox.url, admin.id);
    const state = await session<StateDump>('GET', '/_emulator/state');
    const pipeline = state.pipelines[0] ?? fail('no pipeline');
    const firstStage = pipeline._embedded.statuses.find((s) => s.type === 0) ?? fail('no open stage');
    const managers = sandbox.users.filter((u) => u.role === 'manager');
    const heads = sandbox.users.filter((u) => u.role === 'head');

    const ids: number[] = [];
    for (let from = 0; from < DEALS; from += 250) {
      const batch = Array.from({ length: Math.min(250, DEALS - from) }, (_, i) => ({
        name: `Reconcile loss ${from + i}`, price: 10_000 + from + i, pipeline_id: pipeline.id, status_id: firstStage.id,
        responsible_user_id: managers[(from + i) % managers.length]?.id ?? admin.id,
      }));
      const created = await session<{ _embedded: { leads: Array<{ id: number }> } }>('POST', '/api/v4/leads', batch);
      ids.push(...created._embedded.leads.map((l) => l.id));
    }

    // Connected after the deals exist (their creation sends no webhooks); connecting registers the webhook.
    dataDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'reconcile-bench-'));
    const port = await freePort();
    service = await startService(parseEnv({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      AMO_CLIENT_ID: sandbox.integration.client_id, AMO_CLIENT_SECRET: sandbox.integration.client_secret,
      AMO_REDIRECT_URI: sandbox.integration.redirect_uri, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      ALLOWED_ORIGINS: sandbox.url, AMO_LONG_LIVED_TOKEN: sandbox.longLivedToken, AMO_BASE_URL: sandbox.url,
      DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    }), { logger: pino({ level: 'silent' }) });
    const { db } = service.store;
    const accountId = sandbox.accountId as AccountId;
    await configureEveryLossRule(db, accountId, heads, admin.id);
    // The check at start sets the checkpoint the catch-up will read from.
    const checked = Date.now();
    while ((await db.selectFrom('webhook_reconcile').select('account_id').where('account_id', '=', accountId).executeTakeFirst()) === undefined) {
      if (Date.now() - checked > 30_000) fail('the reconciler did not run at start');
      await sleep(50);
    }

    const started = Date.now();
    const lose = async (part: readonly number[]) => {
      for (let from = 0; from < part.length; from += 250) {
        await session('PATCH', '/api/v4/leads', part.slice(from, from + 250).map((id) => ({ id, status_id: 143, loss_reason_id: null })));
      }
    };
    const half = DEALS / 2;
    await lose(ids.slice(0, half));
    // Let the first half's webhooks reach the service, then amoCRM switches the webhook off mid-burst.
    const deliveredStatus = async () => (await session<{ deliveries: Array<{ event: string; delivered: boolean }> }>('GET', '/_emulator/webhooks/deliveries'))
      .deliveries.filter((d) => d.event === 'status_lead' && d.delivered).length;
    while ((await deliveredStatus()) < half && Date.now() - started < 60_000) await sleep(50);
    // Switched off right after a periodic check, so it stays off for a whole interval (60 s) until the next one.
    const checkedAt = async () => (await db.selectFrom('webhook_reconcile').select('checked_at').where('account_id', '=', accountId).executeTakeFirstOrThrow()).checked_at.getTime();
    const startCheck = await checkedAt();
    while ((await checkedAt()) === startCheck) {
      if (Date.now() - started > 120_000) fail('no periodic check within 120 s');
      await sleep(50);
    }
    const logFrom = sandbox.requests().length;
    const disabledAt = Date.now();
    await session('POST', '/_emulator/webhooks/disabled', { disabled: true });
    await lose(ids.slice(half));

    let enabledAt: number | null = null;
    let seconds = Number.NaN;
    const idSet = new Set(ids);
    for (;;) {
      if (enabledAt === null && (await session<StateDump>('GET', '/_emulator/state')).webhooks.some((w) => !w.disabled)) enabledAt = Date.now();
      const row = await db.selectFrom('refusal_reviews').select((eb) => eb.fn.count<number>('lead_id').distinct().as('n'))
        .where('review_task_id', 'is not', null).where('lead_id', 'in', ids).executeTakeFirst();
      if (Number(row?.n ?? 0) >= DEALS) {
        seconds = (Date.now() - started) / 1000;
        break;
      }
      if (Date.now() - started > TIMEOUT_MS) break;
      await sleep(250);
    }
    // Late duplicates would come within the collector's debounce; give them the chance to show.
    await sleep(2_000);

    const calls = sandbox.requests().slice(logFrom).filter((r) => r.auth === 'bearer' && r.path.startsWith('/api/v4/'));
    const reconcileCalls = calls.filter((r) => r.path === '/api/v4/events' || r.path === '/api/v4/webhooks' || (r.method === 'GET' && r.path === '/api/v4/leads'));
    const eventsRead = calls.filter((r) => r.path === '/api/v4/events').reduce((sum, r) => sum + r.elements, 0);
    const allServiceCalls = sandbox.requests().filter((r) => r.auth === 'bearer' && r.path.startsWith('/api/v4/') && r.at >= started);
    const peak = peakPerSecond(allServiceCalls.map((r) => r.at));
    const byRoute = new Map<string, number>();
    for (const call of calls) byRoute.set(`${call.method} ${call.path}`, (byRoute.get(`${call.method} ${call.path}`) ?? 0) + 1);
    process.stderr.write(`reconcile bench: service requests after the webhook went off ${JSON.stringify(Object.fromEntries(byRoute))}; events read ${eventsRead}\n`);

    const reviews = await db.selectFrom('refusal_reviews').select('lead_id').where('lead_id', 'in', ids).execute();
    const reviewed = new Set(reviews.map((r) => Number(r.lead_id)));
    const after = await session<StateDump>('GET', '/_emulator/state');
    const tasksPerLead = new Map<number, number>();
    for (const task of after.tasks) {
      if (task.entity_id !== null && idSet.has(task.entity_id) && task.task_type_id === REVIEW_TASK_TYPE) tasksPerLead.set(task.entity_id, (tasksPerLead.get(task.entity_id) ?? 0) + 1);
    }
    const missed = ids.filter((id) => !reviewed.has(id) || !tasksPerLead.has(id)).length;
    const duplicates = (reviews.length - reviewed.size) + [...tasksPerLead.values()].reduce((sum, n) => sum + n - 1, 0);
    const requestGoal = Math.ceil(eventsRead / 100) + Math.ceil(DEALS / 250) + 5;

    process.stdout.write(`BENCH reconcile_missed ${missed} reviews\n`);
    process.stdout.write(`BENCH reconcile_duplicates ${duplicates} reviews\n`);
    process.stdout.write(`BENCH reconcile_requests ${reconcileCalls.length} requests\n`);
    process.stdout.write(`BENCH reconcile_peak_rps ${peak} requests/s\n`);
    process.stdout.write(`BENCH reconcile_seconds ${Number.isNaN(seconds) ? 'timeout' : seconds.toFixed(1)} s\n`);
    process.stdout.write(`BENCH reconcile_webhook_off_seconds ${enabledAt === null ? 'never re-enabled' : ((enabledAt - disabledAt) / 1000).toFixed(1)} s\n`);
    const problems: string[] = [];
    if (missed > 0) problems.push(`${missed} losses without a review task, goal 0`);
    if (duplicates > 0) problems.push(`${duplicates} duplicate reviews or review tasks, goal 0`);
    if (reconcileCalls.length > requestGoal) problems.push(`${reconcileCalls.length} reconcile requests, goal ≤ ${requestGoal}`);
    if (peak > AMO_LIMIT_PER_SECOND) problems.push(`peak ${peak} requests/s exceeds ${AMO_LIMIT_PER_SECOND}`);
    if (Number.isNaN(seconds)) problems.push('timed out');
    if (problems.length > 0) {
      process.stderr.write(`reconcile bench: ${problems.join('; ')}\n`);
      return 1;
    }
    return 0;
  } finally {
    await service?.close();
    await sandbox.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}


main().then((code) => process.exit(code), (error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
