import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './server';
import { bearerClient, dev, field, NOW, sessionClient, type Call } from './test-support';

interface Contact { id: number; responsible_user_id: number }
interface Lead { id: number; responsible_user_id: number; _embedded: { contacts?: Array<{ id: number; is_main: boolean }> } }
interface State { leads: Lead[]; contacts: Contact[] }

let sb: Sandbox;
let admin: Call;
let state: State;

const contactsOf = (answer: { json: unknown }) => field<Contact[]>(answer.json, '_embedded', 'contacts');

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'small', seed: 3, now: NOW, rateLimit: { perIntegration: 10_000, perAccount: 10_000 } });
  admin = bearerClient(sb);
  state = (await dev(sb, 'GET', '/state')) as State;
});
afterAll(async () => { await sb.close(); });

describe('GET /api/v4/contacts', () => {
  it('gives every seeded lead a main contact that exists, owned by a manager', () => {
    const ids = new Set(state.contacts.map((contact) => contact.id));
    for (const lead of state.leads) {
      const main = lead._embedded.contacts?.find((ref) => ref.is_main);
      expect(main && ids.has(main.id)).toBe(true);
    }
  });

  it('filters by id list (brackets or commas) and by responsible', async () => {
    const [a, b, c] = state.contacts;
    if (!a || !b || !c) throw new Error('scenario has too few contacts');
    const brackets = await admin('GET', `/api/v4/contacts?filter[id][]=${a.id}&filter[id][]=${c.id}`);
    expect(contactsOf(brackets).map((contact) => contact.id)).toEqual([a.id, c.id].sort((x, y) => x - y));
    const commas = await admin('GET', `/api/v4/contacts?filter[id]=${a.id},${b.id}`);
    expect(contactsOf(commas)).toHaveLength(2);
    const owned = await admin('GET', `/api/v4/contacts?limit=250&filter[responsible_user_id]=${a.responsible_user_id}`);
    const expected = state.contacts.filter((contact) => contact.responsible_user_id === a.responsible_user_id).length;
    expect(contactsOf(owned)).toHaveLength(expected);
    expect(contactsOf(owned).every((contact) => contact.responsible_user_id === a.responsible_user_id)).toBe(true);
  });

  it('answers 204 for no match, 400 above limit 250 and for unknown filters', async () => {
    expect((await admin('GET', '/api/v4/contacts?filter[id][]=1')).status).toBe(204);
    expect((await admin('GET', '/api/v4/contacts?limit=251')).status).toBe(400);
    expect((await admin('GET', '/api/v4/contacts?filter[name]=x')).status).toBe(400);
  });

  it('creates contacts in a batch and shows a manager only their own', async () => {
    const manager = sb.users.find((user) => user.role === 'manager');
    if (!manager) throw new Error('no manager');
    const created = await admin('POST', '/api/v4/contacts', [{ name: 'Иван', responsible_user_id: manager.id }, { name: 'Пётр' }]);
    expect(created.status).toBe(200);
    const [mine] = field<Array<{ id: number }>>(created.json, '_embedded', 'contacts');
    const asManager = await sessionClient(sb, manager.id);
    const seen = contactsOf(await asManager('GET', '/api/v4/contacts?limit=250'));
    expect(seen.some((contact) => contact.id === mine?.id)).toBe(true);
    expect(seen.every((contact) => contact.responsible_user_id === manager.id)).toBe(true);
    expect((await admin('POST', '/api/v4/contacts', [{ responsible_user_id: 999 }])).status).toBe(400);
  });
});
