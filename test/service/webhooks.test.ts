import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { markAccountDisconnected, upsertConnectedAccount } from '../../src/service/accounts/repository';
import { createJobRunner, type JobRunner } from '../../src/service/jobs/runner';
import type { Job } from '../../src/service/jobs/types';
import type { WebhookAccount } from '../../src/service/webhooks/accounts';
import { parseLeadEventItem } from '../../src/service/webhooks/lead-event';
import { webhookRoutes } from '../../src/service/webhooks/routes';
import { forEachStore } from '../support/service-store';

const ACCOUNT: WebhookAccount = { id: 31000001 as AccountId, subdomain: 'demo', status: 'connected' };
const GONE: WebhookAccount = { id: 31000009 as AccountId, subdomain: 'gone', status: 'disconnected' };
const SECRETS = new Map([['s3cret-0123', ACCOUNT], ['old-0123456', GONE]]);
const DP_SECRET = 'dp-install-secret-0123';
const DP_URL = `/webhooks/dp/${DP_SECRET}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const statusLead = (leadId: number, extra = '') =>
  `leads[status][0][id]=${leadId}&leads[status][0][status_id]=143&leads[status][0][old_status_id]=1002&leads[status][0][pipeline_id]=555` +
  `&leads[status][0][responsible_user_id]=8001&leads[status][0][last_modified]=1767600000${extra}&account[id]=${ACCOUNT.id}&account[subdomain]=demo`;

const dpBody = (overrides: Record<string, unknown> = {}) => ({
  event: { type: 15, type_code: 'lead_appeared_in_status', data: { id: 123123, element_type: 2, status_id: 654321, pipeline_id: 123456 }, time: 1491300016 },
  action: { settings: { widget: { settings: { review_hours: '4' } } } },
  subdomain: 'demo',
  account_id: ACCOUNT.id,
  ...overrides,
});

forEachStore('webhook routes', (fixture) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => { await app?.close(); app = undefined; });

  async function setup(subscribe: string[] = ['amo.lead.status', 'amo.dp']): Promise<{ app: FastifyInstance; jobs: JobRunner; handled: Job[] }> {
    const { db } = fixture.store();
    // The inbox checks at commit that the account is (still) connected.
    await upsertConnectedAccount(db, { id: ACCOUNT.id, subdomain: ACCOUNT.subdomain, baseUrl: 'https://demo.amocrm.ru' }, new Date());
    await upsertConnectedAccount(db, { id: GONE.id, subdomain: GONE.subdomain, baseUrl: 'https://gone.amocrm.ru' }, new Date());
    await markAccountDisconnected(db, GONE.id, new Date());
    const jobs = createJobRunner({ db });
    const handled: Job[] = [];
    for (const type of subscribe) jobs.register(type, async (job) => { handled.push(job); });
    app = Fastify();
    await app.register(webhookRoutes, {
      store: { db },
      jobs,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      accountBySecret: async (secret) => SECRETS.get(secret) ?? null,
      accountById: async (id) => [...SECRETS.values()].find((account) => account.id === id) ?? null,
      dpSecret: DP_SECRET,
    });
    return { app, jobs, handled };
  }

  const counts = async () => {
    const { db } = fixture.store();
    const inbox = await db.selectFrom('webhook_inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const jobs = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { inbox: Number(inbox.n), jobs: Number(jobs.n) };
  };

  it('stores a status_lead webhook with its job before answering 200, and the job gets the lead', async () => {
    const { app, jobs, handled } = await setup();
    const response = await app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: statusLead(101) });
    expect(response.statusCode).toBe(200);
    expect(await counts()).toEqual({ inbox: 1, jobs: 1 });

    await jobs.drain();
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ accountId: ACCOUNT.id, type: 'amo.lead.status', payload: { event: 'status_lead' } });
    const payload = handled[0]?.payload as { item: unknown };
    expect(parseLeadEventItem(payload.item)).toMatchObject({ leadId: 101, statusId: 143, oldStatusId: 1002, pipelineId: 555, responsibleUserId: 8001 });
  });

  it('fans a webhook out into one job per item and accepts unsubscribed known events without jobs', async () => {
    const { app } = await setup(['amo.lead.status']);
    const body = `${statusLead(101)}&leads[status][1][id]=102&leads[status][1][status_id]=142&leads[update][0][id]=103&task[add][0][id]=7`;
    const response = await app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: body });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'accepted', jobs: 2 });
    expect(await counts()).toEqual({ inbox: 1, jobs: 2 });
  });

  it('stores quotes, backslashes and SQL in a body as data: the batch goes to the store as literals, never as SQL', async () => {
    const { app, jobs, handled } = await setup();
    const name = `O'Brien'); DROP TABLE jobs; -- \\' \\u0027 $$ $json$ "x"`;
    const body = `${statusLead(104)}&leads[status][0][name]=${encodeURIComponent(name)}`;
    const response = await app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: body });
    expect(response.statusCode).toBe(200);
    expect(await counts()).toEqual({ inbox: 1, jobs: 1 });
    const [row] = await fixture.store().db.selectFrom('webhook_inbox').select('raw').execute();
    expect(Buffer.from(row?.raw ?? []).toString()).toBe(body);

    await jobs.drain();
    expect((handled[0]?.payload as { item: { name?: unknown } }).item.name).toBe(name);
  });

  it('accepts the same webhook in JSON', async () => {
    const { app } = await setup();
    const response = await app.inject({
      method: 'POST', url: '/webhooks/amo/s3cret-0123',
      payload: { leads: { status: [{ id: 101, status_id: 143, pipeline_id: 555 }] }, account: { id: ACCOUNT.id } },
    });
    expect(response.statusCode).toBe(200);
    expect(await counts()).toEqual({ inbox: 1, jobs: 1 });
  });

  it('recognises amoCRM\'s retry of an identical body: 200, no new row, no new job', async () => {
    const { app } = await setup();
    const first = await app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: statusLead(101) });
    // Same content, fields in another order and percent-encoded brackets.
    const reordered = statusLead(101).split('&').reverse().join('&').replaceAll('[', '%5B').replaceAll(']', '%5D');
    const retry = await app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: reordered });
    const concurrent = await Promise.all([1, 2, 3].map(() => app.inject({ method: 'POST', url: '/webhooks/amo/s3cret-0123', headers: FORM, payload: statusLead(202) })));

    expect(first.json()).toEqual({ status: 'accepted', jobs: 1 });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ status: 'duplicate' });
    expect(concurrent.map((response) => response.json().status).sort()).toEqual(['accepted', 'duplicate', 'duplicate']);
    expect(await counts()).toEqual({ inbox: 2, jobs: 2 });
  });

  it.each([
    ['an unknown secret', '/webhooks/amo/nope-0123456', FORM, statusLead(1), 404],
    ['a disconnected account', '/webhooks/amo/old-0123456', FORM, statusLead(1), 410],
    ['a body for another account', '/webhooks/amo/s3cret-0123', FORM, statusLead(1).replace(`account[id]=${ACCOUNT.id}`, 'account[id]=999'), 401],
    ['an unknown event', '/webhooks/amo/s3cret-0123', FORM, 'leads[explode][0][id]=1', 422],
    ['an unknown entity', '/webhooks/amo/s3cret-0123', FORM, 'rockets[add][0][id]=1', 422],
    ['an item without an id', '/webhooks/amo/s3cret-0123', FORM, 'leads[status][0][status_id]=143', 400],
    ['a body with no events', '/webhooks/amo/s3cret-0123', FORM, 'account[id]=31000001', 400],
    ['a malformed form', '/webhooks/amo/s3cret-0123', FORM, 'leads[status][0][id=1', 400],
    ['malformed JSON', '/webhooks/amo/s3cret-0123', { 'content-type': 'application/json' }, '{"leads":', 400],
    ['JSON with __proto__', '/webhooks/amo/s3cret-0123', { 'content-type': 'application/json' }, '{"__proto__":{"x":1},"leads":{"status":[{"id":1}]}}', 400],
    ['an unsupported content type', '/webhooks/amo/s3cret-0123', { 'content-type': 'text/plain' }, statusLead(1), 415],
    ['a body over 256 KB', '/webhooks/amo/s3cret-0123', FORM, statusLead(1, `&leads[status][0][name]=${'x'.repeat(300 * 1024)}`), 413],
  ])('refuses %s and writes nothing', async (_name, url, headers, payload, status) => {
    const { app } = await setup();
    const response = await app.inject({ method: 'POST', url, headers, payload });
    expect(response.statusCode).toBe(status);
    expect(await counts()).toEqual({ inbox: 0, jobs: 0 });
  });

  it('accepts a Digital Pipeline action in JSON and in form encoding', async () => {
    const { app, jobs, handled } = await setup();
    const json = await app.inject({ method: 'POST', url: `/webhooks/dp/${DP_SECRET}`, payload: dpBody() });
    const form = await app.inject({
      method: 'POST', url: '/webhooks/dp/s3cret-0123', headers: FORM,
      payload: 'event[type]=14&event[type_code]=lead_status_changed&event[data][id]=77&event[data][element_type]=2&event[data][status_id]=5' +
        `&event[time]=1491300016&action[settings][widget][settings][review_hours]=4&subdomain=demo&account_id=${ACCOUNT.id}`,
    });
    expect([json.statusCode, form.statusCode]).toEqual([200, 200]);
    await jobs.drain();
    expect(handled.map((job) => job.payload)).toEqual(expect.arrayContaining([
      expect.objectContaining({ typeCode: 'lead_appeared_in_status', entityId: 123123, statusId: 654321, settings: { review_hours: '4' } }),
      expect.objectContaining({ typeCode: 'lead_status_changed', entityId: 77, statusId: 5, pipelineId: null }),
    ]));
  });

  it.each([
    ['an unknown event type code', DP_URL, dpBody({ event: { ...dpBody().event, type_code: 'lead_exploded' } }), 422],
    ['an unknown account', DP_URL, dpBody({ account_id: 42 }), 404],
    ['a subdomain that does not match', DP_URL, dpBody({ subdomain: 'evil' }), 401],
    ['a secret of another account', '/webhooks/dp/old-0123456', dpBody(), 410],
    ['a body without the lead id', DP_URL, dpBody({ event: { type: 15, type_code: 'lead_added', data: {}, time: 1 } }), 400],
  ])('refuses a Digital Pipeline webhook with %s', async (_name, url, payload, status) => {
    const { app } = await setup();
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode).toBe(status);
    expect(await counts()).toEqual({ inbox: 0, jobs: 0 });
  });
});
