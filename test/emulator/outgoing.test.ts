import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { MAX_IN_FLIGHT_PER_DESTINATION } from './webhooks-out';
import { bearerClient, dev, field, NOW, startReceiver, waitFor, type Receiver } from './test-support';

let sb: Sandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => { await sb?.close(); await receiver?.close(); sb = undefined; receiver = undefined; });

interface Delivery { kind: string; webhook_id: number | null; event: string; attempt: number; status: number | null; delivered: boolean }
const deliveries = async (s: Sandbox) => ((await dev(s, 'GET', '/webhooks/deliveries')) as { deliveries: Delivery[] }).deliveries;
const fast = { rateLimit: { perIntegration: 10_000, perAccount: 10_000 } };

async function openLead(s: Sandbox): Promise<{ id: number; status_id: number; pipeline_id: number }> {
  const created = await bearerClient(s)('POST', '/api/v4/leads', [{ name: 'Вебхук-тест' }]);
  const id = field<number>(created.json, '_embedded', 'leads', 0, 'id');
  const lead = await bearerClient(s)('GET', `/api/v4/leads/${id}`);
  return { id, status_id: field(lead.json, 'status_id'), pipeline_id: field(lead.json, 'pipeline_id') };
}

async function nextStage(s: Sandbox, current: number): Promise<number> {
  const pipelines = await bearerClient(s)('GET', '/api/v4/leads/pipelines');
  const statuses = field<Array<{ id: number; type: number }>>(pipelines.json, '_embedded', 'pipelines', 0, '_embedded', 'statuses');
  const target = statuses.find((st) => st.type === 0 && st.id !== current && st.id !== 142 && st.id !== 143);
  if (!target) throw new Error('no other stage');
  return target.id;
}

describe('account webhooks', () => {
  it('keeps at most a bounded number of deliveries in flight per destination, and delivers them all', async () => {
    let inFlight = 0;
    let peak = 0;
    let answered = 0;
    const slow = createServer((req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      req.resume();
      setTimeout(() => { inFlight -= 1; answered += 1; res.writeHead(200).end('ok'); }, 60);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast });
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
      await bearerClient(sb)('POST', '/api/v4/webhooks', { destination: url, settings: ['add_lead'] });
      const count = MAX_IN_FLIGHT_PER_DESTINATION * 4;
      await bearerClient(sb)('POST', '/api/v4/leads', Array.from({ length: count }, (_, i) => ({ name: `Пачка ${i}` })));
      await waitFor(() => answered >= count);
      expect(peak).toBe(MAX_IN_FLIGHT_PER_DESTINATION);
      const sandbox = sb;
      const log = await waitFor(async () => { const d = await deliveries(sandbox); return d.length >= count && d; });
      expect(log.filter((d) => d.delivered)).toHaveLength(count);
    } finally {
      await new Promise<void>((r) => { slow.closeAllConnections(); slow.close(() => r()); });
    }
  });

  it('posts status changes as a PHP-style form with string values', async () => {
    receiver = await startReceiver(200);
    sb = await startSandbox({ scenario: 'small', now: NOW, ...fast });
    const admin = bearerClient(sb);
    const hook = await admin('POST', '/api/v4/webhooks', { destination: `${receiver.url}/hook?secret=s1`, settings: ['status_lead'] });
    expect(hook.status).toBe(200);
    const lead = await openLead(sb);
    const target = await nextStage(sb, lead.status_id);
    await admin('PATCH', '/api/v4/leads', [{ id: lead.id, status_id: target }]);
    const got = await waitFor(() => receiver?.received[0]);
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/hook?secret=s1');
    expect(got.contentType).toBe('application/x-www-form-urlencoded');
    expect(decodeURIComponent(got.body)).toMatch(/^leads\[status\]\[0\]\[id\]=\d+&/);
    const form = new URLSearchParams(got.body);
    expect(form.get('leads[status][0][id]')).toBe(String(lead.id));
    expect(form.get('leads[status][0][status_id]')).toBe(String(target));
    expect(form.get('leads[status][0][old_status_id]')).toBe(String(lead.status_id));
    expect(form.get('account[subdomain]')).toBe('demo');
    expect(form.get('account[id]')).toBe(String(sb.accountId));
    expect(form.has('leads[status][0][loss_reason_id]')).toBe(false);
  });

  it('stands for another account when given its id and subdomain: the API and the webhooks say so', async () => {
    receiver = await startReceiver(200);
    sb = await startSandbox({ scenario: 'small', now: NOW, account: { id: 31000002, subdomain: 'second' }, ...fast });
    const admin = bearerClient(sb);
    expect(sb.accountId).toBe(31000002);
    expect(field((await admin('GET', '/api/v4/account')).json, 'subdomain')).toBe('second');
    await admin('POST', '/api/v4/webhooks', { destination: `${receiver.url}/hook`, settings: ['status_lead'] });
    const lead = await openLead(sb);
    expect(field((await admin('GET', `/api/v4/leads/${lead.id}`)).json, 'account_id')).toBe(31000002);
    await admin('PATCH', '/api/v4/leads', [{ id: lead.id, status_id: await nextStage(sb, lead.status_id) }]);
    const form = new URLSearchParams((await waitFor(() => receiver?.received[0])).body);
    expect(form.get('account[id]')).toBe('31000002');
    expect(form.get('account[subdomain]')).toBe('second');
    expect(form.get('leads[status][0][account_id]')).toBe('31000002');
  });

  it('retries after 5, 15, 15 and 60 minutes of sandbox time when the receiver fails with 5xx', async () => {
    receiver = await startReceiver(503);
    sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast });
    await bearerClient(sb)('POST', '/api/v4/webhooks', { destination: `${receiver.url}/hook`, settings: ['add_lead'] });
    await bearerClient(sb)('POST', '/api/v4/leads', [{ name: 'Ретрай' }]);
    const attempts = async (n: number) => waitFor(() => (receiver?.received.length ?? 0) >= n && true);
    await attempts(1);
    sb.clock.advance(4 * 60_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(receiver.received).toHaveLength(1); // not before 5 minutes
    for (const [minutes, n] of [[1, 2], [15, 3], [15, 4], [60, 5]] as const) {
      sb.clock.advance(minutes * 60_000);
      await attempts(n);
    }
    sb.clock.advance(24 * 3600_000);
    await new Promise((r) => setTimeout(r, 250));
    expect(receiver.received).toHaveLength(5);
    expect((await deliveries(sb)).map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops after the second retry when the receiver answers 4xx', async () => {
    receiver = await startReceiver(404);
    sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast });
    await bearerClient(sb)('POST', '/api/v4/webhooks', { destination: `${receiver.url}/hook`, settings: ['add_lead'] });
    await bearerClient(sb)('POST', '/api/v4/leads', [{ name: 'Четыреста четыре' }]);
    await waitFor(() => receiver?.received.length === 1);
    for (const minutes of [5, 15, 15, 60]) { sb.clock.advance(minutes * 60_000); await new Promise((r) => setTimeout(r, 150)); }
    expect(receiver.received).toHaveLength(3);
  });

  it('disables the webhook after more than 100 invalid answers within two hours', async () => {
    receiver = await startReceiver(500);
    sb = await startSandbox({ scenario: 'empty', now: NOW, ...fast });
    const admin = bearerClient(sb);
    await admin('POST', '/api/v4/webhooks', { destination: `${receiver.url}/hook`, settings: ['add_lead'] });
    await admin('POST', '/api/v4/leads', Array.from({ length: 101 }, (_, i) => ({ name: `Лид ${i}` })));
    await waitFor(async () => (await deliveries(sb as Sandbox)).length >= 101, 8000);
    const list = await admin('GET', '/api/v4/webhooks');
    expect(field(list.json, '_embedded', 'webhooks', 0, 'disabled')).toBe(true);
    sb.clock.advance(10 * 60_000);
    await admin('POST', '/api/v4/leads', [{ name: 'после отключения' }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(101);
  });
});

describe('Digital Pipeline widget action', () => {
  it('posts JSON to dp.webhook_url when a lead is moved into or created in an action stage', async () => {
    receiver = await startReceiver(200);
    sb = await startSandbox({ scenario: 'small', now: NOW, dpWebhookUrl: `${receiver.url}/dp`, ...fast });
    const lead = await openLead(sb);
    const target = await nextStage(sb, lead.status_id);
    await dev(sb, 'POST', '/dp/actions', { status_ids: [target], settings: { mode: 'distribute' } });
    await bearerClient(sb)('PATCH', '/api/v4/leads', [{ id: lead.id, status_id: target }]);
    const moved = await waitFor(() => receiver?.received[0]);
    expect(moved.contentType).toContain('application/json');
    expect(JSON.parse(moved.body)).toMatchObject({
      event: { type: 14, type_code: 'lead_status_changed', data: { id: lead.id, element_type: 2, status_id: target, pipeline_id: lead.pipeline_id } },
      action: { settings: { widget: { settings: { mode: 'distribute' } } } },
      subdomain: 'demo', account_id: sb.accountId,
    });
    const created = await bearerClient(sb)('POST', '/api/v4/leads', [{ name: 'Сразу в этап', status_id: target }]);
    const second = await waitFor(() => receiver?.received[1]);
    expect(JSON.parse(second.body)).toMatchObject({ event: { type: 1, type_code: 'lead_added', data: { id: field<number>(created.json, '_embedded', 'leads', 0, 'id') } } });
  });
});

describe('widget installation', () => {
  it('sends the OAuth code to the redirect URI on first activation only, and the code works', async () => {
    receiver = await startReceiver(200);
    sb = await startSandbox({ scenario: 'small', now: NOW, integration: { redirect_uri: `${receiver.url}/oauth` }, ...fast });
    const boot = await fetch(`${sb.url}/_emulator/bootstrap`);
    const cookie = (boot.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const save = (active: 'Y' | 'N') => fetch(`${sb?.url}/_emulator/widget/settings`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ active, fields: { service_url: 'http://127.0.0.1:8790' } }),
    });
    expect((await save('Y')).status).toBe(200);
    const hit = await waitFor(() => receiver?.received[0]);
    const params = new URL(hit.url, receiver.url).searchParams;
    expect(hit.method).toBe('GET');
    expect(params.get('from_widget')).toBe('1');
    expect(params.get('client_id')).toBe(sb.integration.client_id);
    expect(params.get('referer')).toBe(new URL(sb.url).host);
    const token = await fetch(`${sb.url}/oauth2/access_token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: sb.integration.client_id, client_secret: sb.integration.client_secret, grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: `${receiver.url}/oauth` }),
    });
    expect(token.status).toBe(200);

    await save('N');
    await save('Y');
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);
    await save('N');
    const after = (await (await fetch(`${sb.url}/_emulator/bootstrap`, { headers: { cookie } })).json()) as unknown;
    expect(field(after, 'widget', 'active')).toBe('N');
    expect(field(after, 'widget', 'settings', 'service_url')).toBe('http://127.0.0.1:8790');
  });
});
