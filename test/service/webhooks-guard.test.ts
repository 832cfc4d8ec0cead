/**
 * Issue 10 items 2, 6 and 7 at the webhook door: one unstorable body never fails its neighbours
 * and is itself stored byte for byte; hostile URLs are 4xx; a body must match the account in
 * every field it names and every lead field it carries; a disconnect takes effect at once; the
 * Digital Pipeline URL needs the install's secret.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { markAccountDisconnected, upsertConnectedAccount, type AccountRecord } from '../../src/service/accounts/repository';
import { createJobRunner } from '../../src/service/jobs/runner';
import { webhookRoutes } from '../../src/service/webhooks/routes';
import { forEachStore } from '../support/service-store';

const ACCOUNT_ID = 31000001 as AccountId;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const DP_SECRET = 'dp-install-secret-0123456789abcdef';

const statusLead = (leadId: number, extra = '') =>
  `leads[status][0][id]=${leadId}&leads[status][0][status_id]=143&leads[status][0][old_status_id]=1002&leads[status][0][pipeline_id]=555${extra}` +
  `&account[id]=${ACCOUNT_ID}&account[subdomain]=demo`;

const dpBody = () => ({
  event: { type: 1, type_code: 'lead_added', data: { id: 123123, element_type: 2, status_id: 654321, pipeline_id: 123456 }, time: 1491300016 },
  subdomain: 'demo', account_id: ACCOUNT_ID,
});

forEachStore('webhook door', (fixture) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => { await app?.close(); app = undefined; });

  /** The real plugin with its default account lookups over the `accounts` table. */
  async function setup(): Promise<{ app: FastifyInstance; account: AccountRecord }> {
    const { db } = fixture.store();
    const account = await upsertConnectedAccount(db, { id: ACCOUNT_ID, subdomain: 'demo', baseUrl: 'https://demo.amocrm.ru' }, new Date());
    const jobs = createJobRunner({ db });
    jobs.register('amo.lead.status', async () => {});
    jobs.register('amo.dp', async () => {});
    app = Fastify();
    await app.register(webhookRoutes, { store: { db }, jobs, logger: { debug() {}, info() {}, warn() {}, error() {} }, dpSecret: DP_SECRET });
    return { app, account };
  }

  const inboxRows = async () => fixture.store().db.selectFrom('webhook_inbox').selectAll().orderBy('id').execute();

  it('stores a body with a NUL character exactly, and its 299 neighbours are all acknowledged', async () => {
    const { app: server, account } = await setup();
    const url = `/webhooks/amo/${account.webhookSecret}`;
    const poisoned = JSON.stringify({ leads: { status: [{ id: 7001, status_id: 143, pipeline_id: 555, name: 'evil\u0000name' }] }, account: { id: ACCOUNT_ID } });
    const bodies = Array.from({ length: 300 }, (_, index) => (index === 150 ? poisoned
      : JSON.stringify({ leads: { status: [{ id: 5000 + index, status_id: 143, pipeline_id: 555 }] }, account: { id: ACCOUNT_ID } })));
    const answers = await Promise.all(bodies.map((payload) => server.inject({ method: 'POST', url, headers: JSON_TYPE, payload })));
    expect(answers.map((answer) => answer.statusCode)).toEqual(bodies.map(() => 200));
    const rows = await inboxRows();
    expect(rows).toHaveLength(300);
    const stored = rows.find((row) => Buffer.from(row.raw ?? []).toString('utf8') === poisoned);
    expect(stored).toBeDefined();
    expect(stored?.content_type).toBe('application/json');
  });

  it('answers 404, not 500, for a secret with a NUL character', async () => {
    const { app: server } = await setup();
    const response = await server.inject({ method: 'POST', url: '/webhooks/amo/%00', headers: FORM, payload: statusLead(1) });
    expect(response.statusCode).toBe(404);
    expect(await inboxRows()).toHaveLength(0);
  });

  it('refuses a body whose account subdomain is not the account\'s', async () => {
    const { app: server, account } = await setup();
    const response = await server.inject({
      method: 'POST', url: `/webhooks/amo/${account.webhookSecret}`, headers: FORM, payload: statusLead(1).replace('account[subdomain]=demo', 'account[subdomain]=evil'),
    });
    expect(response.statusCode).toBe(401);
    expect(await inboxRows()).toHaveLength(0);
  });

  it('refuses a lead item with an unparsable field at the door, naming the field', async () => {
    const { app: server, account } = await setup();
    const response = await server.inject({
      method: 'POST', url: `/webhooks/amo/${account.webhookSecret}`, headers: FORM,
      payload: statusLead(1).replace('leads[status][0][status_id]=143', 'leads[status][0][status_id]=abc'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringContaining('leads[status][0][status_id]') });
    expect(await inboxRows()).toHaveLength(0);
  });

  it('refuses webhooks the moment the account is disconnected, even with the lookup cached', async () => {
    const { app: server, account } = await setup();
    const url = `/webhooks/amo/${account.webhookSecret}`;
    expect((await server.inject({ method: 'POST', url, headers: FORM, payload: statusLead(1) })).statusCode).toBe(200);
    await markAccountDisconnected(fixture.store().db, account.id, new Date());
    const after = await server.inject({ method: 'POST', url, headers: FORM, payload: statusLead(2) });
    expect(after.statusCode).toBe(410);
    expect(await inboxRows()).toHaveLength(1);
  });

  it('takes Digital Pipeline webhooks only on the URL with the install\'s secret', async () => {
    const { app: server } = await setup();
    const bare = await server.inject({ method: 'POST', url: '/webhooks/dp', payload: dpBody() });
    expect(bare.statusCode).toBe(404);
    const wrong = await server.inject({ method: 'POST', url: '/webhooks/dp/guessed', payload: dpBody() });
    expect(wrong.statusCode).toBe(404);
    expect(await inboxRows()).toHaveLength(0);
    const right = await server.inject({ method: 'POST', url: `/webhooks/dp/${DP_SECRET}`, payload: dpBody() });
    expect(right.statusCode).toBe(200);
    expect(await inboxRows()).toHaveLength(1);
  });
});
