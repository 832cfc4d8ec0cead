/**
 * A webhook-receiving service in its own process, for the benchmark and the crash test: the
 * store (PGlite in WEBHOOK_DATA_DIR, or PostgreSQL at WEBHOOK_DATABASE_URL), the job runner with
 * one `amo.lead.status` handler whose side effect is keyed (runOnce), and the webhook plugin.
 *
 * Prints `READY <port>` once listening. GET /_fixture/stats reports what is stored, so the
 * parent can check without opening the (single-process) PGlite folder itself.
 * Env: WEBHOOK_DATA_DIR | WEBHOOK_DATABASE_URL, PORT (0 = any), JOBS=off, JOB_TIMEOUT_MS.
 */
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { AccountId } from '../../src/core/brand';
import { createJobRunner } from '../../src/service/jobs/runner';
import { openStore } from '../../src/service/store/db';
import { parseLeadEventItem, type AccountEventPayload } from '../../src/service/webhooks/lead-event';
import { createInboxWriter } from '../../src/service/webhooks/inbox';
import { webhookRoutes } from '../../src/service/webhooks/routes';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { BENCH_ACCOUNT_ID, BENCH_SECRET, BENCH_SUBDOMAIN } from './webhook-traffic';

const env = process.env;
const store = await openStore({ dataDir: env.WEBHOOK_DATA_DIR, databaseUrl: env.WEBHOOK_DATABASE_URL });
const { db } = store;
// The observable side effect: one row per run. Exactly-once means one row per key.
await sql`CREATE TABLE IF NOT EXISTS fixture_effect_log (account_id bigint NOT NULL, key text NOT NULL, at timestamptz NOT NULL DEFAULT now())`.execute(db);

const timeoutMs = Number(env.JOB_TIMEOUT_MS ?? 1_000);
// Created here rather than inside the plugin so the runner can give way to it.
let wakeJobs = (): void => {};
const inbox = createInboxWriter({ db: store.priorityDb, parallel: store.priorityParallel, onJobsCommitted: () => wakeJobs() });
const jobs = createJobRunner({
  db, concurrency: 8, pollIntervalMs: 50, timeoutMs, leaseMs: timeoutMs + 500, backoff: { baseMs: 100, maxMs: 1_000 },
  yieldWhile: () => inbox.isBusy(),
});
wakeJobs = () => jobs.wake();
jobs.register('amo.lead.status', async (job, ctx) => {
  const { item, inboxId } = job.payload as AccountEventPayload;
  const lead = parseLeadEventItem(item);
  if (lead === null) throw new Error('status_lead item without a lead id');
  await ctx.runOnce(`status-change:${inboxId}:${lead.leadId}`, async (trx) => {
    await sql`INSERT INTO fixture_effect_log (account_id, key) VALUES (${ctx.accountId}, ${`lead:${lead.leadId}`})`.execute(trx);
    return null;
  });
});

const account = { id: BENCH_ACCOUNT_ID as AccountId, subdomain: BENCH_SUBDOMAIN, status: 'connected' as const };
// The inbox checks at commit that the account is connected, so it has its row like a real one.
await upsertConnectedAccount(db, { id: account.id, subdomain: account.subdomain, baseUrl: `https://${account.subdomain}.amocrm.ru` }, new Date());
const app = Fastify({ logger: false });
await app.register(webhookRoutes, {
  store,
  jobs,
  inbox,
  logger: { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) },
  accountBySecret: async (secret) => (secret === BENCH_SECRET ? account : null),
  accountById: async (id) => (id === account.id ? account : null),
});

app.get('/_fixture/stats', async () => {
  const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(db)).rows[0]?.n ?? 0);
  const byStatus = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', account.id).groupBy('status').execute();
  return {
    inbox: await count(sql`SELECT count(*) AS n FROM webhook_inbox WHERE account_id = ${account.id}`),
    jobs: Object.fromEntries(byStatus.map((row) => [row.status, Number(row.n)])),
    effects: await count(sql`SELECT count(*) AS n FROM effects WHERE account_id = ${account.id}`),
    effectLog: await count(sql`SELECT count(*) AS n FROM fixture_effect_log WHERE account_id = ${account.id}`),
    distinctEffectLog: await count(sql`SELECT count(DISTINCT key) AS n FROM fixture_effect_log WHERE account_id = ${account.id}`),
  };
});

if (env.JOBS !== 'off') jobs.start();
await app.listen({ host: '127.0.0.1', port: Number(env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`READY ${typeof address === 'object' && address !== null ? address.port : 0}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void (async () => {
    await app.close();
    await jobs.stop();
    await store.close();
    process.exit(0);
  })();
});
