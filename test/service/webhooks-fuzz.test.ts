/**
 * 5,000 generated hostile bodies against the webhook routes: random bytes, forms cut inside a
 * key, deep nesting, huge arrays, wrong types, prototype-pollution keys, broken JSON. None may
 * get a 5xx, crash the process, pollute Object.prototype, or write a row. Seeded: a failure
 * reproduces with the same seed.
 */
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { createJobRunner } from '../../src/service/jobs/runner';
import { webhookRoutes } from '../../src/service/webhooks/routes';
import { forEachStore } from '../support/service-store';

const ACCOUNT = { id: 31000001 as AccountId, subdomain: 'demo', status: 'connected' as const };
const SEED = 20260105;
const COUNT = 5_000;

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Body = { contentType: string; payload: Buffer | string; url?: string };

function generators(random: () => number): Array<() => Body> {
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const form = (payload: string, url?: string): Body => ({ contentType: 'application/x-www-form-urlencoded', payload, ...(url ? { url } : {}) });
  const json = (payload: string, url?: string): Body => ({ contentType: 'application/json', payload, ...(url ? { url } : {}) });
  const valid = `leads[status][0][id]=${1 + int(1e6)}&leads[status][0][status_id]=143&account[id]=${ACCOUNT.id}`;
  return [
    () => ({ contentType: pick(['application/x-www-form-urlencoded', 'application/json']), payload: Buffer.from(Array.from({ length: int(2048) }, () => int(256))) }),
    // Cut inside the brackets of a key: never a shorter valid body.
    () => { const open = valid.indexOf('[', int(valid.length - 10)); return form(open === -1 ? 'leads[' : valid.slice(0, open + 1 + int(3))); },
    () => form(`leads${'[a]'.repeat(10 + int(500))}=1`),
    () => form(Array.from({ length: 5_001 + int(5_000) }, (_, i) => `leads[status][${i}][id]=${i + 1}`).join('&')),
    () => form(`leads[status][0][id]=${pick(['abc', '-1', '0', '1.5', '', '1e9', '99999999999999999'])}`),
    () => form(pick(['leads=1', 'leads[status]=x', 'leads[status][0]=str', 'leads[status][id]=1', 'account[id]=1', 'account=1&leads[add][0][id]=1'])),
    () => form(`${pick(['__proto__', 'constructor', 'prototype'])}[${pick(['polluted', 'x'])}]=1&${valid}`),
    () => form(`leads[${pick(['__proto__', 'constructor'])}][polluted]=1`),
    () => form(`${pick(['rockets', 'leads', 'tasks'])}[${pick(['explode', 'launch', 'toString', 'hasOwnProperty'])}][0][id]=1`),
    () => form(`leads[status][0][id]=1&${pick(['%', '%zz', '%E0%A4%A', '%C0'])}=1`),
    () => form(`${valid}&leads[status][0][id]=2`),
    () => json(pick([
      '{"__proto__":{"polluted":1},"leads":{"status":[{"id":1}]}}',
      '{"leads":{"status":[{"id":1,"constructor":{"prototype":{"polluted":1}}}]}}',
      '[]', 'null', '"leads"', '{"leads":[]}', '{"leads":{"status":{"0":{"id":1}}}}', '{"leads":{"status":[{"id":"x"}]}}',
    ])),
    () => json(`${'['.repeat(1 + int(100_000))}${']'.repeat(int(3))}`),
    () => json(`{"leads":{"status":[${'{"id":1,"a":'.repeat(20 + int(20))}1${'}'.repeat(40)}]}}`),
    () => json(JSON.stringify({ event: { type: 15, type_code: pick(['nope', 1, null]), data: { id: 'x' }, time: 'y' }, account_id: 'z', subdomain: 5 }), '/webhooks/dp/fuzz-dp-secret-0123'),
    () => form(`event[type]=15&event[type_code]=lead_added&event[data][id]=${pick(['', 'x', '0'])}&subdomain=demo&account_id=${ACCOUNT.id}`, '/webhooks/dp/fuzz-dp-secret-0123'),
    () => ({ contentType: pick(['text/plain', 'multipart/form-data; boundary=x', '']), payload: valid }),
  ];
}

forEachStore('hostile webhook bodies', (fixture) => {
  it(`answers ${COUNT} malformed bodies with 4xx and writes nothing`, async () => {
    const { db } = fixture.store();
    const jobs = createJobRunner({ db });
    jobs.register('amo.lead.status', async () => {});
    const app = Fastify();
    await app.register(webhookRoutes, {
      store: { db }, jobs,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      accountBySecret: async (secret) => (secret === 'fuzz-secret-0123' ? ACCOUNT : null),
      accountById: async (id) => (id === ACCOUNT.id ? ACCOUNT : null),
      dpSecret: 'fuzz-dp-secret-0123',
    });
    const random = mulberry32(SEED);
    const make = generators(random);
    const statuses = new Map<number, number>();
    try {
      for (let i = 0; i < COUNT; i += 1) {
        const body = (make[i % make.length] as () => Body)();
        const response = await app.inject({
          method: 'POST', url: body.url ?? '/webhooks/amo/fuzz-secret-0123', payload: body.payload,
          headers: body.contentType === '' ? {} : { 'content-type': body.contentType },
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode < 400 || response.statusCode >= 500) {
          throw new Error(`body #${i} (seed ${SEED}) got ${response.statusCode}: ${String(body.payload).slice(0, 200)}`);
        }
      }
    } finally {
      await app.close();
    }
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const inbox = await db.selectFrom('webhook_inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const queued = await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect({ inbox: Number(inbox.n), jobs: Number(queued.n) }).toEqual({ inbox: 0, jobs: 0 });
  }, 120_000);
});
