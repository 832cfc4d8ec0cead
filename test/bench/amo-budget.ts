/**
 * `npm run bench:amo-budget`: 5,000 queued amoCRM writes (task creates and lead patches, started
 * together as two independent callers) through the client against the sandbox with a long-lived
 * token. Reads the sandbox's request log to report the busiest second and the elements carried per
 * write request, then checks in the sandbox that every write landed.
 * Exits 1 when the busiest second exceeds amoCRM's 7 requests or a write was lost.
 */
import { createAmoClient } from '../../src/amo/client';
import type { LeadPatch, NewTask } from '../../src/amo/port';
import { createBearerTransport, staticToken } from '../../src/amo/transport';
import type { TaskTypeId, UnixSeconds } from '../../src/core/brand';
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
    if (problems.length > 0) fail(problems.join('; '));
  } finally {
    await sandbox.close();
  }
}

main().catch((e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
