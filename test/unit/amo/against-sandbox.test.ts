/**
 * The client against the local amoCRM sandbox: real HTTP, the sandbox's strict query parsing
 * (unknown parameters answer 400), its own paging, 204s, batch answers and rate limiter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_LOST, type LeadId, type TaskTypeId, type UnixSeconds, type UserId } from '../../../src/core/brand';
import { createAmoClient, type AmoClient } from '../../../src/amo/client';
import { createBlockGuard } from '../../../src/amo/block-guard';
import { AmoForbidden, AmoNotFound } from '../../../src/amo/errors';
import { createBearerTransport, createSessionTransport, staticToken, type FetchLike } from '../../../src/amo/transport';
import { clearFaults, injectFault, peakPerSecond, sandboxAvailable, startSandbox, type SandboxHandle } from './sandbox-handle';

describe.skipIf(!sandboxAvailable())('amo client against the sandbox', () => {
  let sandbox: SandboxHandle;
  let client: AmoClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, scenario: 'small' });
    const transport = createBearerTransport({ baseUrl: sandbox.url, tokens: staticToken(sandbox.longLivedToken) });
    // Short back-off so injected faults do not slow the suite; the budget stays the real one.
    client = createAmoClient(transport, { blockGuard: createBlockGuard(), backoff: { baseMs: 20, capMs: 200, maxAttempts: 8 } });
  }, 30_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  const apiCalls = () => sandbox.requests().filter((r) => r.path.startsWith('/api/v4/'));

  it('reads the account and the pipeline with won and lost stages', async () => {
    const account = await client.getAccount();
    expect(account.id).toBe(sandbox.accountId);
    expect(account.taskTypes.length).toBeGreaterThan(0);
    const pipelines = await client.listPipelines();
    const kinds = pipelines.flatMap((p) => p.statuses.map((s) => s.kind));
    expect(kinds).toContain('won');
    expect(kinds).toContain('lost');
  });

  it('pages through leads by _links.next', async () => {
    const all = await client.listLeads({});
    const pages: number[] = [];
    for await (const page of client.http.pages('/api/v4/leads', 'leads', { query: { limit: 7 } })) pages.push(page.length);
    expect(all.length).toBeGreaterThan(7);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(all.length);
    expect(pages.length).toBe(Math.ceil(all.length / 7));
  });

  it('filters leads by stage through filter[statuses]', async () => {
    const all = await client.listLeads({});
    const sample = all[0];
    expect(sample).toBeDefined();
    const inStage = await client.listLeads({ statuses: [{ pipelineId: sample!.pipelineId, statusId: sample!.statusId }] });
    expect(inStage.length).toBe(all.filter((d) => d.pipelineId === sample!.pipelineId && d.statusId === sample!.statusId).length);
    expect(inStage.every((d) => d.statusId === sample!.statusId)).toBe(true);
  });

  it('answers an empty result (204) as an empty list', async () => {
    expect(await client.listLeads({ createdAt: { from: 1 as UnixSeconds, to: 2 as UnixSeconds } })).toEqual([]);
  });

  it('creates tasks in batches of 50 and finds them again', async () => {
    const [lead] = await client.listLeads({});
    const account = await client.getAccount();
    const before = apiCalls().length;
    const created = await client.createTasks(Array.from({ length: 60 }, (_, i) => ({
      leadId: lead!.id, responsibleUserId: lead!.responsibleUserId, taskTypeId: (account.taskTypes[0]?.id ?? 1) as TaskTypeId,
      text: `sandbox-test ${i}`, completeTill: (Math.floor(Date.now() / 1000) + 86_400) as UnixSeconds, requestId: `t${i}`,
    })));
    expect(created).toHaveLength(60);
    expect(created[59]?.requestId).toBe('t59');
    const posts = apiCalls().slice(before).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.elements)).toEqual([50, 10]);
    const tasks = await client.listTasks({ leadIds: [lead!.id], isCompleted: false });
    expect(tasks.filter((t) => t.text.startsWith('sandbox-test')).map((t) => t.id).sort((a, b) => a - b)).toEqual(created.map((c) => c.id).sort((a, b) => a - b));
  });

  it('closes a lead as lost with a reason and sees the move in the events API', async () => {
    const reasons = await client.listLossReasons();
    expect(reasons.length).toBeGreaterThan(0);
    const open = (await client.listLeads({})).find((d) => d.closedAt === null);
    expect(open).toBeDefined();
    await client.updateLeads([{ id: open!.id, statusId: STATUS_LOST, lossReasonId: reasons[0]!.id }]);
    const lead = await client.getLead(open!.id, { withLossReason: true });
    expect(lead?.statusId).toBe(STATUS_LOST);
    expect(lead?.lossReason?.id).toBe(reasons[0]!.id);
    const changes = await client.listStatusChanges({ leadIds: [open!.id], toStatuses: [{ pipelineId: open!.pipelineId, statusId: STATUS_LOST }] });
    expect(changes.at(-1)).toMatchObject({ leadId: open!.id, from: { statusId: open!.statusId }, to: { statusId: STATUS_LOST } });
  });

  it('returns null for a lead that does not exist', async () => {
    expect(await client.getLead(999_999_999 as LeadId)).toBeNull();
    await expect(client.request('GET', '/api/v4/leads/999999999')).rejects.toBeInstanceOf(AmoNotFound);
  });

  it('adds notes and reads the newest first', async () => {
    const [lead] = await client.listLeads({});
    await client.addNotes([{ leadId: lead!.id, text: 'first from test' }, { leadId: lead!.id, text: 'second from test' }]);
    const [latest] = await client.listNotes(lead!.id, { limit: 1 });
    expect(latest?.text).toBe('second from test');
  });

  it('subscribes, lists and removes a webhook', async () => {
    const destination = 'https://service.example/webhooks/amo?secret=s';
    const hook = await client.subscribeWebhook(destination, ['status_lead', 'add_lead']);
    expect(hook.destination).toBe(destination);
    expect((await client.listWebhooks()).map((w) => w.destination)).toContain(destination);
    await client.unsubscribeWebhook(destination);
    expect((await client.listWebhooks()).map((w) => w.destination)).not.toContain(destination);
  });

  it('rides out injected 429s and 5xx on reads and writes', async () => {
    await injectFault(sandbox, { route: 'GET /api/v4/leads', status: 429, probability: 0.3 });
    await injectFault(sandbox, { route: 'PATCH /api/v4/leads', status: 503, count: 2 });
    try {
      const expected = (await client.listLeads({})).length;
      for (let i = 0; i < 5; i++) expect((await client.listLeads({})).length).toBe(expected);
      const [lead] = await client.listLeads({});
      await client.updateLeads([{ id: lead!.id, responsibleUserId: lead!.responsibleUserId as UserId, price: 4242 }]);
      expect((await client.getLead(lead!.id))?.price).toBe(4242);
      expect(apiCalls().some((r) => r.status === 429)).toBe(true);
    } finally {
      await clearFaults(sandbox);
    }
  });

  it('works over the browser session as a manager, with the manager\'s rights', async () => {
    const manager = sandbox.users.find((u) => u.role === 'manager');
    expect(manager).toBeDefined();
    const login = await fetch(`${sandbox.url}/_emulator/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: manager!.id }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^amo_session=/);
    // Node's fetch keeps no cookie jar; the browser sends the cookie because of credentials: 'include'.
    const withCookie: FetchLike = (url, init) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    const session = createAmoClient(createSessionTransport({ baseUrl: sandbox.url, fetch: withCookie }), { blockGuard: createBlockGuard() });
    expect((await session.getAccount()).currentUserId).toBe(manager!.id);
    await expect(session.listUsers()).rejects.toBeInstanceOf(AmoForbidden);
  });

  it('never sent more than 5 requests in any second', () => {
    expect(peakPerSecond(apiCalls().map((r) => r.at))).toBeLessThanOrEqual(5);
  });
});
