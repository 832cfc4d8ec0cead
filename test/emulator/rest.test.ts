import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { bearerClient, dev, field, NOW, sessionClient, type Call } from './test-support';

interface Lead { id: number; responsible_user_id: number; group_id: number; status_id: number; pipeline_id: number; closed_at: number | null; loss_reason_id: number | null; closest_task_at: number | null }
interface State { leads: Lead[]; loss_reasons: Array<{ id: number }>; pipelines: Array<{ id: number; _embedded: { statuses: Array<{ id: number; type: number }> } }> }

let sb: Sandbox;
let admin: Call;
let state: State;

const userOf = (role: 'admin' | 'head' | 'manager', n = 0) => {
  const user = sb.users.filter((u) => u.role === role)[n];
  if (!user) throw new Error(`no ${role} #${n}`);
  return user;
};
const leadsOf = (answer: { json: unknown }) => field<Lead[]>(answer.json, '_embedded', 'leads');

beforeAll(async () => {
  // Budgets are tested on their own (auth.test.ts); here they would only slow the suite down.
  sb = await startSandbox({ scenario: 'small', seed: 7, now: NOW, rateLimit: { perIntegration: 10_000, perAccount: 10_000 } });
  admin = bearerClient(sb);
  state = (await dev(sb, 'GET', '/state')) as State;
});
afterAll(async () => { await sb.close(); });

describe('HAL lists', () => {
  it('pages through every lead with _links.next and answers 204 past the end', async () => {
    const seen: number[] = [];
    let path: string | undefined = '/api/v4/leads?limit=7';
    while (path) {
      const page = await admin('GET', path);
      expect(page.status).toBe(200);
      expect(page.contentType).toContain('application/hal+json');
      seen.push(...leadsOf(page).map((l) => l.id));
      const next = field<{ href: string } | undefined>(page.json, '_links', 'next');
      path = next ? next.href.replace(sb.url, '') : undefined;
    }
    expect(seen.sort()).toEqual(state.leads.map((l) => l.id).sort());
    const past = await admin('GET', `/api/v4/leads?limit=7&page=${Math.ceil(seen.length / 7) + 1}`);
    expect(past.status).toBe(204);
    expect(past.text).toBe('');
  });

  it('answers an empty filter result with 204 and no body', async () => {
    const res = await admin('GET', '/api/v4/leads?filter[id][]=1');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('filters by stage with filter[statuses] and by responsible as a comma list', async () => {
    const lost = await admin('GET', `/api/v4/leads?limit=250&filter[statuses][0][pipeline_id]=${state.pipelines[0]?.id}&filter[statuses][0][status_id]=143`);
    const expected = state.leads.filter((l) => l.status_id === 143).map((l) => l.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(leadsOf(lost).map((l) => l.id).sort()).toEqual(expected);
    const [a, b] = [userOf('manager', 0).id, userOf('manager', 1).id];
    const two = await admin('GET', `/api/v4/leads?limit=250&filter[responsible_user_id]=${a},${b}`);
    expect(leadsOf(two).map((l) => l.id).sort()).toEqual(state.leads.filter((l) => l.responsible_user_id === a || l.responsible_user_id === b).map((l) => l.id).sort());
  });
});

describe('strictness', () => {
  it('rejects an unknown query key with a problem+json 400', async () => {
    const res = await admin('GET', '/api/v4/leads?filter[status_id]=142');
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(field<string>(res.json, 'detail')).toContain('status_id');
  });

  it('rejects limit above the maximum: 251 for leads, 101 for events', async () => {
    expect((await admin('GET', '/api/v4/leads?limit=251')).status).toBe(400);
    expect((await admin('GET', '/api/v4/leads?limit=250')).status).toBe(200);
    expect((await admin('GET', '/api/v4/events?limit=101')).status).toBe(400);
  });

  it('rejects more than 250 elements in one write', async () => {
    const body = Array.from({ length: 251 }, () => ({ name: 'x' }));
    const res = await admin('POST', '/api/v4/leads', body);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
  });

  it('reports invalid batch elements as validation-errors with their request_id', async () => {
    const lead = state.leads[0] as Lead;
    const res = await admin('PATCH', '/api/v4/leads', [{ id: lead.id, price: 1 }, { id: lead.id, status_id: 999, request_id: 'r2' }]);
    expect(res.status).toBe(400);
    expect(field(res.json, 'validation-errors')).toEqual([{ request_id: 'r2', errors: [expect.objectContaining({ code: 'NotSupportedChoice', path: 'status_id' })] }]);
  });
});

describe('rights', () => {
  it('shows a manager only their own deals', async () => {
    const manager = userOf('manager', 0);
    const call = await sessionClient(sb, manager.id);
    const res = await call('GET', '/api/v4/leads?limit=250');
    const own = state.leads.filter((l) => l.responsible_user_id === manager.id).map((l) => l.id).sort();
    expect(own.length).toBeGreaterThan(0);
    expect(leadsOf(res).map((l) => l.id).sort()).toEqual(own);
  });

  it('shows a head the deals of their group', async () => {
    const head = userOf('head', 0);
    const call = await sessionClient(sb, head.id);
    const res = await call('GET', '/api/v4/leads?limit=250');
    expect(leadsOf(res).map((l) => l.id).sort()).toEqual(state.leads.filter((l) => l.group_id === head.group_id).map((l) => l.id).sort());
  });

  it('answers /users with 403 problem+json for a manager and 200 for the admin', async () => {
    const call = await sessionClient(sb, userOf('manager', 0).id);
    const res = await call('GET', '/api/v4/users');
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
    expect((await admin('GET', '/api/v4/users')).status).toBe(200);
  });

  it('forbids a manager to edit another manager’s deal and leaves it unchanged', async () => {
    const [me, other] = [userOf('manager', 0), userOf('manager', 1)];
    const foreign = state.leads.find((l) => l.responsible_user_id === other.id) as Lead;
    const call = await sessionClient(sb, me.id);
    const res = await call('PATCH', '/api/v4/leads', [{ id: foreign.id, price: 1 }]);
    expect(res.status).toBe(403);
    const after = await admin('GET', `/api/v4/leads/${foreign.id}`);
    expect(field<number>(after.json, 'price')).not.toBe(1);
  });

  it('refuses session calls without X-Requested-With', async () => {
    const login = await fetch(`${sb.url}/_emulator/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userOf('admin').id }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const res = await fetch(`${sb.url}/api/v4/account`, { headers: { cookie } });
    expect(res.status).toBe(401);
  });
});

describe('lead lifecycle', () => {
  it('writes a status event, sets closed_at on 143 with the reason, and clears both on reopening', async () => {
    const lead = state.leads.find((l) => l.closed_at === null) as Lead;
    const reason = state.loss_reasons[0]?.id;
    const patched = await admin('PATCH', '/api/v4/leads', [{ id: lead.id, status_id: 143, loss_reason_id: reason }]);
    expect(field(patched.json, '_embedded', 'leads', 0, 'id')).toBe(lead.id);
    const closed = await admin('GET', `/api/v4/leads/${lead.id}?with=loss_reason`);
    expect(field(closed.json, 'closed_at')).toBeTypeOf('number');
    expect(field(closed.json, 'loss_reason_id')).toBe(reason);
    expect(field(closed.json, '_embedded', 'loss_reason', 0, 'id')).toBe(reason);

    const events = await admin('GET', `/api/v4/events?filter[entity]=lead&filter[entity_id][]=${lead.id}&filter[type]=lead_status_changed&filter[value_after][leads_statuses][0][status_id]=143`);
    expect(field(events.json, '_embedded', 'events', 0, 'value_before')).toEqual([{ lead_status: { id: lead.status_id, pipeline_id: lead.pipeline_id } }]);
    expect(field(events.json, '_embedded', 'events', 0, 'value_after')).toEqual([{ lead_status: { id: 143, pipeline_id: lead.pipeline_id } }]);

    await admin('PATCH', `/api/v4/leads/${lead.id}`, { status_id: lead.status_id });
    const reopened = await admin('GET', `/api/v4/leads/${lead.id}`);
    expect(field(reopened.json, 'closed_at')).toBeNull();
    expect(field(reopened.json, 'loss_reason_id')).toBeNull();
  });

  it('drops a loss reason sent with "won"', async () => {
    const lead = state.leads.find((l) => l.closed_at === null && l.id !== state.leads[0]?.id) as Lead;
    await admin('PATCH', '/api/v4/leads', [{ id: lead.id, status_id: 142, loss_reason_id: state.loss_reasons[0]?.id }]);
    const won = await admin('GET', `/api/v4/leads/${lead.id}`);
    expect(field(won.json, 'loss_reason_id')).toBeNull();
    expect(field(won.json, 'closed_at')).toBeTypeOf('number');
  });

  it('records a lead_added event when a lead is created', async () => {
    const created = await admin('POST', '/api/v4/leads', [{ name: 'Новая сделка', request_id: 'n1' }]);
    expect(field(created.json, '_embedded', 'leads', 0, 'request_id')).toBe('n1');
    const id = field<number>(created.json, '_embedded', 'leads', 0, 'id');
    const events = await admin('GET', `/api/v4/events?filter[entity]=lead&filter[entity_id]=${id}&filter[type]=lead_added`);
    expect(field(events.json, '_embedded', 'events', 0, 'entity_id')).toBe(id);
  });

  it('keeps closest_task_at equal to the nearest open task', async () => {
    const created = await admin('POST', '/api/v4/leads', [{ name: 'Сделка с задачами' }]);
    const id = field<number>(created.json, '_embedded', 'leads', 0, 'id');
    const closest = async () => field<number | null>((await admin('GET', `/api/v4/leads/${id}`)).json, 'closest_task_at');
    expect(await closest()).toBeNull();
    const base = Math.floor(NOW / 1000);
    const tasks = await admin('POST', '/api/v4/tasks', [
      { text: 'later', complete_till: base + 7200, entity_id: id, entity_type: 'leads' },
      { text: 'sooner', complete_till: base + 3600, entity_id: id, entity_type: 'leads' },
    ]);
    const [later, sooner] = field<Array<{ id: number }>>(tasks.json, '_embedded', 'tasks').map((t) => t.id);
    expect(await closest()).toBe(base + 3600);
    await admin('PATCH', '/api/v4/tasks', [{ id: sooner, is_completed: true, result: { text: 'готово' } }]);
    expect(await closest()).toBe(base + 7200);
    const noTask = await admin('GET', `/api/v4/leads?filter[id]=${id}&filter[closest_task_at][from]=${base + 7000}`);
    expect(leadsOf(noTask).map((l) => l.id)).toEqual([id]);
    await admin('PATCH', '/api/v4/tasks', [{ id: later, is_completed: true }]);
    expect(await closest()).toBeNull();
  });
});
