/**
 * `npm run bench:analytics` (issue 11):
 *
 * 1. A synthetic account of 100,000 deals, 1,000,000 status changes and 300,000 tasks written
 *    straight into the mirror (bulk INSERT … SELECT unnest, derived facts from core
 *    deriveLeadFacts). Each view is run 20 times as a request runs it (views.ts / checklist.ts,
 *    without HTTP and auth), admin scope: BENCH analytics_{checklist,funnel,cohorts,losses}_ms =
 *    p95 (goal ≤ 500 ms each) on PGlite, and again with a `_pg` suffix on PostgreSQL when
 *    DATABASE_URL is set (own schema, dropped after). BENCH analytics_mirror_bytes_per_deal (the
 *    three mirror tables and the stage-time bins derived from them, with their indexes).
 * 2. A sandbox account of 5,000 deals with history (made through the API as a browser session,
 *    so those calls are told apart): the service backfills it through its job runner.
 *    BENCH analytics_backfill_requests (goal ≤ 1.1 × (ceil(leads/250) + ceil(events/100) +
 *    ceil(tasks/250))), analytics_backfill_peak_rps (≤ 7).
 * Exits 1 when a goal is missed.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { GroupId, LeadId, PipelineId, StatusId, UnixSeconds, UserId } from '../../src/core/brand';
import { deriveLeadFacts } from '../../src/core/analytics/lead-facts';
import type { Deal, Pipeline, StatusChange } from '../../src/core/domain';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import type { MirrorStatus } from '../../src/contract/analytics';
import { readCatalog, type AnalyticsCatalog } from '../../src/service/analytics/catalog';
import { buildChecklist } from '../../src/service/analytics/checklist';
import { createAnalyticsFeature } from '../../src/service/analytics/feature';
import { recordCounts, recordTimeToWin } from '../../src/service/analytics/mirror';
import { rebuildStageTimeBins } from '../../src/service/analytics/stage-times';
import { readMirrorStatus } from '../../src/service/analytics/sync';
import { buildCohorts, buildFunnel, buildLosses, measureCutoff, type ViewContext } from '../../src/service/analytics/views';
import { buildApp } from '../../src/service/app';
import { createJobRunner } from '../../src/service/jobs/runner';
import { openStore, type Store } from '../../src/service/store/db';
import type { Database } from '../../src/service/store/schema';
import { startSandbox } from '../emulator/server';
import { authHeaders, buildEnv } from '../support/service-harness';
import { peakPerSecond } from '../unit/amo/sandbox-handle';

const DEALS = 100_000;
const CHANGES = 1_000_000;
const TASKS = 300_000;
const RUNS = 20;
const GOAL_MS = 500;
const ACCOUNT = 1;
const DAY = 86_400;
const NOW = Math.floor(Date.UTC(2026, 11, 1, 9) / 1000);
const PIPELINE = 100 as PipelineId;
const STAGES = [1001, 1002, 1003, 1004, 1005, 1006] as StatusId[];
const MANAGERS = Array.from({ length: 30 }, (_, i) => 2001 + i);
const groupOf = (userId: number): number => 10 + ((userId - 2001) % 3);
const TAGS = ['VIP', 'Сайт', 'Выставка', 'Тендер', 'Рекомендация', 'Повторный'];
const SANDBOX_DEALS = 5_000;
const SANDBOX_MOVES = 3;
const SANDBOX_TASKS_PER_DEAL = 2;
const BACKFILL_TIMEOUT_MS = 10 * 60_000;

const problems: string[] = [];
const bench = (name: string, value: number | string, unit: string): void => { process.stdout.write(`BENCH ${name} ${value} ${unit}\n`); };
const note = (text: string): void => { process.stderr.write(`analytics bench: ${text}\n`); };

/** mulberry32: the same synthetic account on every run. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pipeline: Pipeline = {
  id: PIPELINE, name: 'Продажи', sort: 1, isMain: true, isArchive: false,
  statuses: [
    ...STAGES.map((id, i) => ({ id, pipelineId: PIPELINE, name: `Этап ${i + 1}`, sort: 20 + i * 10, color: '#99ccff', kind: 'open' as const })),
    { id: 142 as StatusId, pipelineId: PIPELINE, name: 'Успешно', sort: 10000, color: '#ccff66', kind: 'won' as const },
    { id: 143 as StatusId, pipelineId: PIPELINE, name: 'Закрыто', sort: 11000, color: '#d5d8db', kind: 'lost' as const },
  ],
};
const catalog: AnalyticsCatalog = {
  timezone: 'Europe/Moscow', currency: 'RUB', pipelines: [pipeline],
  lossReasons: [1, 2, 3, 4, 5].map((id) => ({ id: id as never, name: `Причина ${id}`, sort: id })),
};

interface Columns { [column: string]: { type: string; values: unknown[] } }

async function bulkInsert(db: Kysely<Database>, table: string, columns: Columns): Promise<void> {
  const names = Object.keys(columns);
  const length = columns[names[0] as string]?.values.length ?? 0;
  const CHUNK = 25_000;
  for (let from = 0; from < length; from += CHUNK) {
    const arrays = names.map((name) => {
      const col = columns[name] as Columns[string];
      return sql`${col.values.slice(from, from + CHUNK)}::${sql.raw(col.type)}[]`;
    });
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
  }
}

/** Writes the synthetic account; returns how many changes and tasks were written. */
async function seed(db: Kysely<Database>): Promise<{ changes: number; tasks: number }> {
  const random = createRandom(11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const leads: Columns = Object.fromEntries([
    ['account_id', 'bigint'], ['id', 'bigint'], ['name', 'text'], ['pipeline_id', 'bigint'], ['status_id', 'bigint'], ['responsible_user_id', 'bigint'],
    ['group_id', 'bigint'], ['price', 'float8'], ['created_at', 'bigint'], ['updated_at', 'bigint'], ['closed_at', 'bigint'], ['closest_task_at', 'bigint'],
    ['loss_reason_id', 'bigint'], ['tags', 'text'], ['visited', 'text'], ['lost_from_status_id', 'bigint'], ['entered_status_at', 'bigint'],
  ].map(([name, type]) => [name, { type: type as string, values: [] }]));
  const changes: Columns = Object.fromEntries([
    ['account_id', 'bigint'], ['event_id', 'text'], ['lead_id', 'bigint'], ['at', 'bigint'], ['by_user_id', 'bigint'], ['from_pipeline_id', 'bigint'],
    ['from_status_id', 'bigint'], ['to_pipeline_id', 'bigint'], ['to_status_id', 'bigint'], ['from_entered_at', 'bigint'], ['owner_id', 'bigint'],
  ].map(([name, type]) => [name, { type: type as string, values: [] }]));
  const tasks: Columns = Object.fromEntries([
    ['account_id', 'bigint'], ['id', 'bigint'], ['lead_id', 'bigint'], ['responsible_user_id', 'bigint'], ['complete_till', 'bigint'],
    ['is_completed', 'boolean'], ['updated_at', 'bigint'],
  ].map(([name, type]) => [name, { type: type as string, values: [] }]));
  const push = (cols: Columns, row: Record<string, unknown>): void => { for (const [k, v] of Object.entries(row)) cols[k]?.values.push(v); };
  let changeCount = 0;
  let taskId = 1;
  const changesPerDeal = CHANGES / DEALS;
  for (let i = 0; i < DEALS; i += 1) {
    const id = (1_000_000 + i) as LeadId;
    const owner = pick(MANAGERS);
    const createdAt = NOW - Math.floor(random() * 730 * DAY);
    // Exactly CHANGES in total: every deal gets `changesPerDeal` ± 5, paired so the sum stays exact.
    const k = i % 2 === 0 ? changesPerDeal - 5 + Math.floor((i / 2) % 11) : changesPerDeal + 5 - Math.floor(((i - 1) / 2) % 11);
    const span = Math.min(NOW - createdAt, 200 * DAY);
    const outcome = random();
    const final = outcome < 0.15 ? 142 : outcome < 0.6 ? 143 : null;
    const own: StatusChange[] = [];
    let index = 0;
    for (let c = 0; c < k; c += 1) {
      const at = (createdAt + Math.floor(((c + 1) / (k + 1)) * span)) as UnixSeconds;
      let to: number;
      if (c === k - 1 && final !== null) to = final;
      else {
        const r = random();
        index = r < 0.6 ? Math.min(STAGES.length - 1, index + 1) : r < 0.75 ? Math.min(STAGES.length - 1, index + 2) : Math.max(0, index - 1);
        to = STAGES[index] as number;
      }
      const from = own.length === 0 ? STAGES[0] as number : (own[own.length - 1] as StatusChange).to.statusId;
      own.push({ leadId: id, at, by: owner as UserId, from: { pipelineId: PIPELINE, statusId: from as StatusId }, to: { pipelineId: PIPELINE, statusId: to as StatusId } });
    }
    const statusId = (own[own.length - 1]?.to.statusId ?? STAGES[0]) as StatusId;
    const closedAt = final === null ? null : (own[own.length - 1] as StatusChange).at;
    const taskDraw = random();
    const closestTaskAt = final !== null || taskDraw < 0.2 ? null : taskDraw < 0.5 ? NOW - Math.floor(random() * 30 * DAY) : NOW + Math.floor(random() * 30 * DAY);
    const tags = TAGS.filter(() => random() < 0.15);
    const deal: Deal = {
      id, name: `Сделка ${i}`, price: 1_000 * (1 + Math.floor(random() * 200)), responsibleUserId: owner as UserId, groupId: groupOf(owner) as GroupId,
      pipelineId: PIPELINE, statusId, lossReasonId: final === 143 && random() < 0.9 ? (1 + Math.floor(random() * 5)) as never : null,
      createdAt: createdAt as UnixSeconds, updatedAt: NOW as UnixSeconds, closedAt, closestTaskAt: closestTaskAt as UnixSeconds | null,
      tags, contactIds: [], mainContactId: null, lossReason: null,
    };
    const facts = deriveLeadFacts(deal, own);
    push(leads, {
      account_id: ACCOUNT, id, name: deal.name, pipeline_id: PIPELINE, status_id: statusId, responsible_user_id: owner, group_id: deal.groupId,
      price: deal.price, created_at: createdAt, updated_at: NOW, closed_at: closedAt, closest_task_at: closestTaskAt, loss_reason_id: deal.lossReasonId,
      tags: `{${tags.map((t) => `"${t}"`).join(',')}}`, visited: `{${facts.visited.join(',')}}`, lost_from_status_id: facts.lostFromStatusId,
      entered_status_at: facts.enteredStatusAt,
    });
    own.forEach((c, n) => {
      push(changes, {
        account_id: ACCOUNT, event_id: `e${id}-${n}`, lead_id: id, at: c.at, by_user_id: owner, from_pipeline_id: PIPELINE,
        from_status_id: c.from?.statusId, to_pipeline_id: PIPELINE, to_status_id: c.to.statusId, from_entered_at: facts.fromEnteredAt[n], owner_id: owner,
      });
    });
    changeCount += own.length;
    for (let t = 0; t < TASKS / DEALS; t += 1) {
      const due = createdAt + Math.floor(random() * Math.max(DAY, NOW + 14 * DAY - createdAt));
      const completed = due < NOW ? random() < 0.7 : random() < 0.1;
      const updated = random() < 0.6 ? due - Math.floor(random() * 2 * DAY) : due + Math.floor(random() * 5 * DAY);
      push(tasks, { account_id: ACCOUNT, id: taskId, lead_id: id, responsible_user_id: owner, complete_till: due, is_completed: completed, updated_at: updated });
      taskId += 1;
    }
  }
  await insertLeads(db, leads);
  await bulkInsert(db, 'analytics_status_changes', changes);
  await bulkInsert(db, 'analytics_tasks', tasks);
  await db.insertInto('analytics_sync').values({
    account_id: ACCOUNT, state: 'ready', phase: null, next_page: 1, progress: JSON.stringify({}), generation: 1, catalog: JSON.stringify(catalog),
    last_sync_at: NOW,
  }).execute();
  // The stage-time bins as the sync derives them (a backfill's last step).
  await rebuildStageTimeBins(db, ACCOUNT, null);
  await recordCounts(db, ACCOUNT);
  await recordTimeToWin(db, ACCOUNT);
  await sql`ANALYZE`.execute(db);
  return { changes: changeCount, tasks: taskId - 1 };
}

/** Leads carry two array columns sent as text literals ('{a,b}'), cast per row. */
async function insertLeads(db: Kysely<Database>, leads: Columns): Promise<void> {
  const names = Object.keys(leads);
  const length = leads.id?.values.length ?? 0;
  const CHUNK = 20_000;
  for (let from = 0; from < length; from += CHUNK) {
    const arrays = names.map((name) => {
      const col = leads[name] as Columns[string];
      return sql`${col.values.slice(from, from + CHUNK)}::${sql.raw(col.type)}[]`;
    });
    const select = names.map((n) => (n === 'tags' ? sql`u.tags::text[]` : n === 'visited' ? sql`u.visited::bigint[]` : sql`u.${sql.ref(n)}`));
    await sql`
      INSERT INTO analytics_leads (${sql.join(names.map((n) => sql.ref(n)))})
      SELECT ${sql.join(select)} FROM unnest(${sql.join(arrays)}) AS u(${sql.join(names.map((n) => sql.ref(n)))})`.execute(db);
  }
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] as number;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up: plans and caches, as a service that has been up a while
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return p95(samples);
}

async function measureViews(store: Store, suffix: string): Promise<void> {
  const loadStarted = performance.now();
  // BENCH_ANALYTICS_DATA_DIR (PGlite on disk) keeps the seeded account between runs while tuning queries.
  const seeded = await store.db.selectFrom('analytics_sync').select('account_id').where('account_id', '=', ACCOUNT).executeTakeFirst();
  if (seeded === undefined) {
    const written = await seed(store.db);
    note(`${store.kind}: wrote ${DEALS} deals, ${written.changes} changes, ${written.tasks} tasks in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  }
  const mirror: MirrorStatus = await readMirrorStatus(store.db, ACCOUNT);
  const scope = { accountId: ACCOUNT, userIds: null };
  const view: ViewContext = { db: store.db, scope, catalog, mirror, zone: catalog.timezone, nameOf: (id) => `#${id}` };
  const people = MANAGERS.map((id) => ({ id, name: `Manager ${id}`, groupId: groupOf(id), listed: true }));
  const results: Record<string, number> = {
    checklist: await time(async () => {
      const cutoff = await measureCutoff(store.db, ACCOUNT, null, null, await readCatalog(store.db, ACCOUNT));
      return buildChecklist(store.db, {
        scope, people, withTotal: true, at: NOW, weeks: 8, now: NOW, maturityDays: cutoff.days, catalog, targets: [], mirror: await readMirrorStatus(store.db, ACCOUNT),
      });
    }),
    funnel: await time(async () => buildFunnel({ ...view, mirror: await readMirrorStatus(store.db, ACCOUNT) }, { pipelineId: PIPELINE, from: NOW - 365 * DAY, to: NOW, policy: 'visited_only' })),
    cohorts: await time(async () => {
      const cutoff = await measureCutoff(store.db, ACCOUNT, PIPELINE, null, await readCatalog(store.db, ACCOUNT));
      return buildCohorts({ ...view, mirror: await readMirrorStatus(store.db, ACCOUNT) }, { pipelineId: PIPELINE, by: 'week', policy: 'visited_only', now: NOW, cutoff });
    }),
    losses: await time(async () => buildLosses({ ...view, mirror: await readMirrorStatus(store.db, ACCOUNT) }, { from: NOW - 90 * DAY, to: NOW })),
  };
  for (const [name, ms] of Object.entries(results)) {
    bench(`analytics_${name}_ms${suffix}`, ms.toFixed(1), 'ms');
    if (ms > GOAL_MS) problems.push(`${name} p95 ${ms.toFixed(0)} ms on ${store.kind} (goal ≤ ${GOAL_MS})`);
  }
  const { rows } = await sql<{ bytes: string | number }>`
    SELECT pg_total_relation_size('analytics_leads') + pg_total_relation_size('analytics_status_changes') + pg_total_relation_size('analytics_tasks')
      + pg_total_relation_size('analytics_stage_time_bins') AS bytes`.execute(store.db);
  bench(`analytics_mirror_bytes_per_deal${suffix}`, Math.round(Number(rows[0]?.bytes ?? 0) / DEALS), 'bytes');
}

async function onPostgres(url: string): Promise<void> {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schema = `bench_analytics_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openStore({ databaseUrl: scoped.toString(), poolSize: 6 });
  try {
    await measureViews(store, '_pg');
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

type Session = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

async function openSession(baseUrl: string, userId: number): Promise<Session> {
  const login = await fetch(`${baseUrl}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method, headers: { cookie, 'x-requested-with': 'XMLHttpRequest', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  };
}

interface StateDump {
  pipelines: Array<{ id: number; _embedded: { statuses: Array<{ id: number; type: number; sort: number }> } }>;
  events: Array<{ type: string }>;
  counts: { leads: number; tasks: number };
}

async function measureBackfill(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, scenario: 'empty', seed: 1, now: Date.now(), rateLimit: { perIntegration: 1_000, perAccount: 1_000 } });
  const store = await openStore();
  const jobs = createJobRunner({ db: store.db, pollIntervalMs: 50 });
  const app = await buildApp({ env: buildEnv(), db: store.db, logger: pino({ level: 'silent' }), features: [createAnalyticsFeature()], jobs });
  try {
    const adminId = sandbox.users.find((u) => u.role === 'admin')?.id as number;
    const managers = sandbox.users.filter((u) => u.role === 'manager');
    const session = await openSession(sandbox.url, adminId);
    const state = await session<StateDump>('GET', '/_emulator/state');
    const p = state.pipelines[0];
    const stages = (p?._embedded.statuses ?? []).filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).sort((a, b) => a.sort - b.sort).map((s) => s.id);
    const ids: number[] = [];
    for (let from = 0; from < SANDBOX_DEALS; from += 250) {
      const batch = Array.from({ length: Math.min(250, SANDBOX_DEALS - from) }, (_, i) => ({
        name: `Bench ${from + i}`, price: 1_000 + from + i, pipeline_id: p?.id, status_id: stages[0], responsible_user_id: managers[(from + i) % managers.length]?.id,
      }));
      const created = await session<{ _embedded: { leads: Array<{ id: number }> } }>('POST', '/api/v4/leads', batch);
      ids.push(...created._embedded.leads.map((l) => l.id));
    }
    for (let move = 1; move <= SANDBOX_MOVES; move += 1) {
      for (let from = 0; from < ids.length; from += 250) {
        await session('PATCH', '/api/v4/leads', ids.slice(from, from + 250).map((id, i) => ({
          id, status_id: move === SANDBOX_MOVES && (from + i) % 3 === 0 ? 143 : move === SANDBOX_MOVES && (from + i) % 3 === 1 ? 142 : stages[Math.min(stages.length - 1, move)],
        })));
      }
    }
    for (let from = 0; from < ids.length * SANDBOX_TASKS_PER_DEAL; from += 250) {
      const batch = Array.from({ length: Math.min(250, ids.length * SANDBOX_TASKS_PER_DEAL - from) }, (_, i) => ({
        text: 'Позвонить', complete_till: Math.floor(Date.now() / 1000) + (from + i) * 60, entity_type: 'leads', entity_id: ids[(from + i) % ids.length],
      }));
      await session('POST', '/api/v4/tasks', batch);
    }
    const after = await session<StateDump>('GET', '/_emulator/state');
    const events = after.events.filter((e) => e.type === 'lead_status_changed').length;
    const leads = after.counts.leads;
    const tasks = after.counts.tasks;
    const floor = Math.ceil(leads / 250) + Math.ceil(events / 100) + Math.ceil(tasks / 250);
    note(`sandbox account: ${leads} leads, ${events} status changes, ${tasks} tasks; floor ${floor} requests`);

    const record = await upsertConnectedAccount(store.db, { id: sandbox.accountId, subdomain: sandbox.subdomain, baseUrl: sandbox.url } as never, new Date());
    await app.accounts.tokens.store(record.id, { kind: 'long_lived', accessToken: sandbox.longLivedToken });
    const logFrom = sandbox.requests().length;
    const started = Date.now();
    const status = async (): Promise<MirrorStatus> =>
      (await app.inject({ method: 'GET', url: '/api/v1/analytics/status', headers: await authHeaders(sandbox.accountId, adminId) })).json<MirrorStatus>();
    await status(); // the first look at analytics starts the backfill
    jobs.start();
    let last = await status();
    while (last.state === 'backfilling' && Date.now() - started < BACKFILL_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await status();
    }
    await jobs.stop();
    const calls = sandbox.requests().slice(logFrom).filter((r) => r.auth === 'bearer' && r.path.startsWith('/api/v4/'));
    const byRoute = new Map<string, number>();
    for (const call of calls) byRoute.set(call.path, (byRoute.get(call.path) ?? 0) + 1);
    note(`backfill ${last.state} in ${((Date.now() - started) / 1000).toFixed(1)} s; mirror ${JSON.stringify(last.counts)}; requests ${JSON.stringify(Object.fromEntries(byRoute))}`);
    const peak = peakPerSecond(calls.map((r) => r.at));
    bench('analytics_backfill_requests', calls.length, 'requests');
    bench('analytics_backfill_peak_rps', peak, 'requests/s');
    if (last.state !== 'ready') problems.push(`backfill ended ${last.state}: ${last.error ?? ''}`);
    if (last.counts.leads !== leads || last.counts.statusChanges !== events || last.counts.tasks !== tasks) problems.push(`mirror holds ${JSON.stringify(last.counts)}`);
    if (calls.length > 1.1 * floor) problems.push(`${calls.length} backfill requests, goal ≤ ${(1.1 * floor).toFixed(0)}`);
    if (peak > 7) problems.push(`backfill peak ${peak} requests/s (goal ≤ 7)`);
  } finally {
    await app.close();
    await store.close();
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.env.BENCH_ANALYTICS_ONLY;
  // BENCH_ANALYTICS_ONLY = pglite | pg | backfill runs one part (while tuning); unset runs all.
  if (only === undefined || only === 'pglite') {
    const store = await openStore({ dataDir: process.env.BENCH_ANALYTICS_DATA_DIR });
    try { await measureViews(store, ''); } finally { await store.close(); }
  }
  const url = process.env.DATABASE_URL;
  if ((only === undefined || only === 'pg') && url !== undefined && url !== '') await onPostgres(url);
  if (only === undefined || only === 'backfill') await measureBackfill();
  note(`wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (problems.length > 0) {
    note(problems.join('; '));
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  note(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
