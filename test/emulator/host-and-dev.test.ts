import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { bearerClient, dev, field, NOW } from './test-support';

const opened: Sandbox[] = [];
const start = async (opts: Parameters<typeof startSandbox>[0]) => { const sb = await startSandbox(opts); opened.push(sb); return sb; };
afterEach(async () => { await Promise.all(opened.splice(0).map((sb) => sb.close())); });

interface Lead { id: number; status_id: number; closed_at: number | null; closest_task_at: number | null; loss_reason_id: number | null; name: string }
interface State { leads: Lead[]; users: Array<{ role: string; group_id: number; rights: { leads: { view: string } } }>; events: Array<{ type: string }>; counts: Record<string, number> }

describe('scenarios', () => {
  it('builds the same account from the same seed and start time, and another from another seed', async () => {
    const [a, b, c] = await Promise.all([start({ scenario: 'small', seed: 3, now: NOW }), start({ scenario: 'small', seed: 3, now: NOW }), start({ scenario: 'small', seed: 4, now: NOW })]);
    const [sa, sb, sc] = (await Promise.all([a, b, c].map((s) => dev(s, 'GET', '/state')))) as State[];
    expect(sa?.leads).toEqual(sb?.leads);
    expect(sa?.leads).not.toEqual(sc?.leads);
  });

  it('fills the demo account with history a sales head would recognise', async () => {
    const sb = await start({ scenario: 'demo', seed: 1, now: NOW });
    const state = (await dev(sb, 'GET', '/state')) as State;
    const nowSec = NOW / 1000;
    const open = state.leads.filter((l) => l.closed_at === null);
    expect(state.leads.length).toBeGreaterThanOrEqual(550);
    expect(state.users.filter((u) => u.role === 'manager')).toHaveLength(6);
    expect(state.users.filter((u) => u.role === 'head').map((u) => u.rights.leads.view)).toEqual(['G', 'G']);
    expect(state.users.filter((u) => u.role === 'manager').every((u) => u.rights.leads.view === 'M')).toBe(true);
    expect(state.leads.filter((l) => l.status_id === 142).length).toBeGreaterThan(20);
    expect(state.leads.filter((l) => l.status_id === 143 && l.loss_reason_id !== null).length).toBeGreaterThan(50);
    expect(open.filter((l) => l.closest_task_at === null).length).toBeGreaterThan(30);
    expect(open.filter((l) => l.closest_task_at !== null && l.closest_task_at < nowSec).length).toBeGreaterThan(30);
    expect(open.filter((l) => l.closest_task_at !== null && l.closest_task_at > nowSec).length).toBeGreaterThan(30);
    expect(state.events.filter((e) => e.type === 'lead_status_changed').length).toBeGreaterThan(state.leads.length);
    expect(state.leads[0]?.name).toMatch(/[А-Яа-я]/);
  });

  it('switches scenario through the developer API', async () => {
    const sb = await start({ scenario: 'small', now: NOW });
    const seeded = (await dev(sb, 'POST', '/seed', { scenario: 'empty' })) as { counts: { leads: number } };
    expect(seeded.counts.leads).toBe(0);
    expect((await bearerClient(sb)('GET', '/api/v4/leads')).status).toBe(204);
  });
});

describe('faults', () => {
  it('fails the next matching calls with the injected status, then recovers', async () => {
    const sb = await start({ scenario: 'small', now: NOW });
    const call = bearerClient(sb);
    await dev(sb, 'POST', '/faults', { route: 'GET /api/v4/leads', status: 503, count: 2 });
    const first = await call('GET', '/api/v4/leads');
    expect(first.status).toBe(503);
    expect(first.contentType).toContain('text/html');
    expect((await call('GET', '/api/v4/account')).status).toBe(200); // other routes untouched
    expect((await call('GET', '/api/v4/leads')).status).toBe(503);
    expect((await call('GET', '/api/v4/leads')).status).toBe(200);
    expect(sb.requests().map((r) => r.status)).toEqual([503, 200, 503, 200]);
  });
});

describe('host page contract', () => {
  it('bootstraps the APP.constant shapes for the session user', async () => {
    const sb = await start({ scenario: 'small', now: NOW });
    const manager = sb.users.find((u) => u.role === 'manager');
    const login = await fetch(`${sb.url}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: manager?.id }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const boot = (await (await fetch(`${sb.url}/_emulator/bootstrap`, { headers: { cookie } })).json()) as unknown;
    expect(field(boot, 'user', 'id')).toBe(manager?.id);
    expect(field(boot, 'user_rights', 'is_admin')).toBe(false);
    expect(field(boot, 'account')).toMatchObject({ id: 31000001, subdomain: 'demo', currency: 'RUB', timezone: 'Europe/Moscow' });
    expect(field(boot, 'managers', String(manager?.id))).toMatchObject({ is_admin: 'N', group: `group_${manager?.group_id}`, active: true });
    expect(field(boot, 'groups', 'group_0')).toBeTypeOf('string');
    expect(field(boot, 'task_types', '1', 'option')).toBe('Связаться');
    expect(field(boot, 'widget')).toMatchObject({ code: 'focus_refusals', path: `${sb.url}/upl/focus_refusals/widget`, active: 'N' });
    expect(field<unknown[]>(boot, 'users')).toHaveLength(sb.users.length);
  });

  it('serves page routes, vendor libraries and widget files', async () => {
    const sb = await start({ scenario: 'empty', now: NOW, widgetDir: import.meta.dirname });
    const page = await fetch(`${sb.url}/leads/detail/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const jquery = await fetch(`${sb.url}/vendor/jquery.js`);
    expect(jquery.status).toBe(200);
    expect(await jquery.text()).toContain('jQuery');
    const widgetFile = await fetch(`${sb.url}/upl/focus_refusals/widget/README.md`);
    expect(widgetFile.status).toBe(200);
    expect(widgetFile.headers.get('cache-control')).toContain('no-cache');
    expect((await fetch(`${sb.url}/upl/focus_refusals/widget/..%2Fserver.ts`)).status).not.toBe(200);
  });
});
