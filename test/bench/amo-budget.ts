/**
 * `npm run bench:amo-budget`, two runs:
 * 1. 5,000 queued amoCRM writes (task creates and lead patches, started together as two
 *    independent callers) through the client against the sandbox with a long-lived token. Reads the
 *    sandbox's request log to report the busiest second and the elements carried per write request,
 *    then checks in the sandbox that every write landed.
 * 2. Token expiry (issue 15): the service (refusal control, OAuth tokens the sandbox lets live
 *    15 s) under a fault mix — 300 losses arriving in waves, heads opening reviews and deciding 40 of
 *    them. Reports refreshes per token lifetime elapsed, the busiest second at the sandbox counting
 *    refreshes, and the service's 5xx answers to the widget.
 * Exits 1 when a goal is missed: peak ≤ 7 requests/s, no lost write, refreshes per expiry ≤ 1.05,
 * no 5xx, every decision made.
 */
import { createAmoClient } from '../../src/amo/client';
import type { LeadPatch, NewTask } from '../../src/amo/port';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import type { TaskTypeId, UnixSeconds } from '../../src/core/brand';
import type { LeadId, StatusId } from '../../src/core/brand';
import { STATUS_LOST } from '../../src/core/brand';
import { openStore } from '../../src/service/store/db';
import { deliverStatusWebhook, HEAD, MANAGER, openDealOf, PIPELINE, REASON_EXPENSIVE, startRefusalHarness } from '../support/service-refusals';
import { peakPerSecond, sandboxAvailable, startSandbox, SANDBOX_SERVER } from '../unit/amo/sandbox-handle';
import { exitSoonAfterLastLine } from './exit';

const TASKS = 2500;
const PATCHES = 2500;
const AMO_LIMIT_PER_SECOND = 7;
const MARK = 'bench-budget';

function fail(message: string): never {
  process.stderr.write(`amo-budget: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (!sandboxAvailable()) fail(`sandbox not found at ${SANDBOX_SERVER}`);
  const problems = [...await writesRun(), ...await tokenExpiryRun()];
  if (problems.length > 0) fail(problems.join('; '));
  process.exit(0);
}

async function writesRun(): Promise<string[]> {
  const sandbox = await startSandbox({ port: 0, scenario: 'demo' });
  try {
    const client = createAmoClient(createBearerTransport({ baseUrl: sandbox.url, tokens: staticToken(sandbox.longLivedToken) }));
    const [leads, account] = [await client.listLeads({}), await client.getAccount()];
    if (leads.length === 0) fail('the demo scenario has no leads');
    const taskTypeId = (account.taskTypes[0]?.id ?? 1) as TaskTypeId;
    const due = (Math.floor(Date.now() / 1000) + 7 * 86_400) as UnixSeconds;

    const tasks: NewTask[] = Array.from({ length: TASKS }, (_, i) => {
      const lead = leads[i % leads.length]!;
      return { leadId: lead.id, responsibleUserId: lead.responsibleUserId, taskTypeId, text: `${MARK} ${i}`, completeTill: due };
    });
    // Each lead's final price encodes the last patch it received, so lost patches show up below.
    const patches: LeadPatch[] = Array.from({ length: PATCHES }, (_, i) => ({ id: leads[i % leads.length]!.id, price: 1_000_000 + i }));
    const expectedPrice = new Map(patches.map((p) => [p.id, p.price]));

    const writesFrom = sandbox.requests().length;
    const started = Date.now();
    const [created] = await Promise.all([client.createTasks(tasks), client.updateLeads(patches)]);
    const seconds = (Date.now() - started) / 1000;
    const writeLog = sandbox.requests().slice(writesFrom).filter((r) => r.path.startsWith('/api/v4/'));

    // Verification reads count against the budget too, so they are part of the peak.
    const stored = await client.listTasks({ isCompleted: false });
    const storedBench = stored.filter((t) => t.text.startsWith(`${MARK} `)).length;
    const after = await client.listLeads({ ids: [...expectedPrice.keys()] });
    const wrongPrices = after.filter((d) => d.price !== expectedPrice.get(d.id)).length + (expectedPrice.size - after.length);

    const api = sandbox.requests().filter((r) => r.path.startsWith('/api/v4/'));
    const peak = peakPerSecond(api.map((r) => r.at));
    const writes = writeLog.filter((r) => (r.method === 'POST' || r.method === 'PATCH') && r.status < 300);
    const elements = writes.reduce((sum, r) => sum + r.elements, 0);
    const perRequest = writes.length > 0 ? elements / writes.length : 0;

    process.stdout.write(`BENCH amo_peak_rps ${peak} requests/s\n`);
    process.stdout.write(`BENCH amo_elements_per_request ${perRequest.toFixed(1)} elements\n`);
    process.stdout.write(`BENCH amo_write_seconds ${seconds.toFixed(1)} s\n`);
    exitSoonAfterLastLine('amo-budget');

    const problems: string[] = [];
    if (peak > AMO_LIMIT_PER_SECOND) problems.push(`peak ${peak} requests/s exceeds ${AMO_LIMIT_PER_SECOND}`);
    if (created.length !== TASKS || storedBench !== TASKS) problems.push(`tasks: created ${created.length}, stored ${storedBench}, expected ${TASKS}`);
    if (wrongPrices > 0) problems.push(`${wrongPrices} leads do not carry their last patch`);
    if (elements !== TASKS + PATCHES) problems.push(`write requests carried ${elements} elements, expected ${TASKS + PATCHES}`);
    return problems;
  } finally {
    await sandbox.close();
  }
}

const TOKEN_TTL_S = 15;
const LOSSES = 300;
const LOSS_WAVES = 6;
const DECISIONS = 40;
const MAX_REFRESHES_PER_EXPIRY = 1.05;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function tokenExpiryRun(): Promise<string[]> {
  const store = await openStore();
  const h = await startRefusalHarness(store, { oauth: true, tokenTtlSeconds: TOKEN_TTL_S });
  const tokenIssuedAt = Date.now();
  try {
    const dev = async (path: string, body: unknown): Promise<void> => {
      const res = await fetch(`${h.sandbox.url}/_emulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) fail(`${path}: ${res.status} ${await res.text()}`);
    };
    const entry = await openDealOf(h, MANAGER);
    const leadIds: LeadId[] = [];
    for (let from = 0; from < LOSSES; from += 250) {
      const made = await h.amo.request('POST', '/api/v4/leads', {
        body: Array.from({ length: Math.min(250, LOSSES - from) }, (_, i) => ({ name: `Expiry bench ${from + i}`, pipeline_id: PIPELINE, status_id: entry.statusId, responsible_user_id: MANAGER })),
      }) as { _embedded: { leads: Array<{ id: number }> } };
      leadIds.push(...made._embedded.leads.map((lead) => lead.id as LeadId));
    }
    await h.amo.updateLeads(leadIds.map((id) => ({ id, statusId: STATUS_LOST, lossReasonId: REASON_EXPENSIVE })));
    // The fault mix: throttling and outages on the REST API, one outage of the token endpoint.
    await dev('/faults', { route: '* /api/v4/', status: 503, probability: 0.05 });
    await dev('/faults', { route: '* /api/v4/', status: 429, probability: 0.05 });
    await dev('/faults', { route: '* /api/v4/', latency_ms: 400, probability: 0.05 });
    await dev('/faults', { route: 'POST /oauth2/', status: 503, count: 1 });

    // From here on only the service talks to amoCRM.
    const from = h.sandbox.requests().length;
    const started = Date.now();
    h.jobs.start();
    const statuses: number[] = [];
    const decided = new Set<string>();
    const widget = async (method: 'GET' | 'POST', url: string): Promise<number> => {
      const answer = await h.app.inject({ method, url, headers: await h.headers(HEAD), ...(method === 'POST' ? { payload: {} } : {}) });
      statuses.push(answer.statusCode);
      return answer.statusCode;
    };
    const reviewIds = async (): Promise<string[]> =>
      (await store.db.selectFrom('refusal_reviews').select('id').where('lead_id', 'in', leadIds).orderBy('id').execute()).map((r) => String(r.id));
    const perWave = LOSSES / LOSS_WAVES;
    const decideUpTo = async (limit: number): Promise<void> => {
      const open = (await reviewIds()).filter((id) => !decided.has(id)).slice(0, Math.max(0, limit - decided.size));
      await Promise.all(open.map(async (id) => {
        await widget('GET', `/api/v1/refusals/reviews/${id}`);
        if ((await widget('POST', `/api/v1/refusals/reviews/${id}/confirm`)) === 200) decided.add(id);
      }));
    };
    for (let wave = 0; wave < LOSS_WAVES; wave += 1) {
      for (const id of leadIds.slice(wave * perWave, (wave + 1) * perWave)) await deliverStatusWebhook(h, id, STATUS_LOST, entry.statusId as StatusId);
      await sleep(5_000);
      await decideUpTo(Math.round((DECISIONS * (wave + 1)) / LOSS_WAVES));
    }
    for (let i = 0; i < 120 && decided.size < DECISIONS; i += 1) {
      await sleep(500);
      await decideUpTo(DECISIONS);
    }
    const reviewsMade = (await reviewIds()).length;
    await h.jobs.stop();
    const seconds = (Date.now() - started) / 1000;

    const log = h.sandbox.requests().slice(from);
    const refreshes = log.filter((r) => r.path === '/oauth2/access_token' && r.status === 200).length;
    const lastCall = log.at(-1)?.at ?? Date.now();
    // Token lifetimes that elapsed between the first token and the service's last call.
    const expiries = (lastCall - tokenIssuedAt) / (TOKEN_TTL_S * 1000);
    const perExpiry = refreshes / Math.max(1, expiries);
    const peak = peakPerSecond(log.map((r) => r.at));
    const fiveXx = statuses.filter((s) => s >= 500).length;

    process.stdout.write(`BENCH amo_refreshes_per_expiry ${perExpiry.toFixed(2)}\n`);
    process.stdout.write(`BENCH amo_peak_rps_with_refresh ${peak} requests/s\n`);
    process.stdout.write(`BENCH amo_5xx_to_widget ${fiveXx}\n`);
    process.stdout.write(`amo-budget token expiry: ${seconds.toFixed(0)} s, ${expiries.toFixed(1)} expiries, ${refreshes} refreshes, `
      + `${log.filter((r) => r.status === 401).length} × 401, ${log.length} requests, ${reviewsMade}/${LOSSES} reviews, ${decided.size}/${DECISIONS} decisions\n`);

    const problems: string[] = [];
    if (perExpiry > MAX_REFRESHES_PER_EXPIRY) problems.push(`${refreshes} refreshes for ${expiries.toFixed(1)} expiries`);
    if (refreshes > Math.floor(expiries) + 1) problems.push(`refreshes ${refreshes} > expiries + 1`);
    if (peak > AMO_LIMIT_PER_SECOND) problems.push(`peak ${peak} requests/s with refreshes exceeds ${AMO_LIMIT_PER_SECOND}`);
    if (fiveXx > 0) problems.push(`${fiveXx} answers of 5xx to the widget`);
    if (decided.size < DECISIONS) problems.push(`${decided.size} of ${DECISIONS} decisions completed`);
    if (reviewsMade < LOSSES) problems.push(`${reviewsMade} of ${LOSSES} losses got a review`);
    return problems;
  } finally {
    await h.close();
    await store.close();
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
