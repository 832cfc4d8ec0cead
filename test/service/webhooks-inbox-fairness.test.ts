/**
 * The inbox writer shared by many accounts: one account's burst must not make another account's
 * acknowledgement wait behind it (issue 13), while each account's webhooks still commit in the
 * order they arrived (its jobs are claimed in that order).
 */
import { expect, it } from 'vitest';
import type { AccountId } from '../../src/core/brand';
import { upsertConnectedAccount } from '../../src/service/accounts/repository';
import { createInboxWriter, type InboxEntry } from '../../src/service/webhooks/inbox';
import { forEachStore } from '../support/service-store';

const BUSY = 31000001 as AccountId;
const QUIET = 31000002 as AccountId;

const entry = (accountId: AccountId, key: string): InboxEntry => ({
  accountId,
  source: 'account',
  dedupeKey: key,
  raw: Buffer.from(`leads[status][0][id]=${key}`),
  contentType: 'application/x-www-form-urlencoded',
  jobs: [{ type: 'amo.lead.status', payload: { item: { id: key } } }],
});

forEachStore('inbox writer across accounts', (fixture) => {
  async function connect(...ids: AccountId[]): Promise<void> {
    for (const id of ids) await upsertConnectedAccount(fixture.store().db, { id, subdomain: `a${id}`, baseUrl: `https://a${id}.amocrm.ru` }, new Date());
  }

  it('commits a quiet account\'s webhook in the next batch, not behind another account\'s backlog', async () => {
    await connect(BUSY, QUIET);
    const inbox = createInboxWriter({ db: fixture.store().db, maxBatch: 50 });
    const settled: string[] = [];
    const writes = Array.from({ length: 500 }, (_, index) => inbox.write(entry(BUSY, `busy-${index}`)).then(() => { settled.push(`busy-${index}`); }));
    writes.push(inbox.write(entry(QUIET, 'quiet-0')).then(() => { settled.push('quiet-0'); }));
    await Promise.all(writes);
    // FIFO would settle it 501st, after ten batches of the busy account.
    expect(settled.indexOf('quiet-0')).toBeLessThan(50);
    expect(settled).toHaveLength(501);
  });

  it('keeps each account\'s webhooks in arrival order, and commits every one of them', async () => {
    await connect(BUSY, QUIET);
    const inbox = createInboxWriter({ db: fixture.store().db, maxBatch: 7 });
    const writes: Array<Promise<unknown>> = [];
    for (let index = 0; index < 60; index += 1) {
      writes.push(inbox.write(entry(BUSY, `busy-${index}`)));
      if (index % 3 === 0) writes.push(inbox.write(entry(QUIET, `quiet-${index}`)));
    }
    await Promise.all(writes);
    await inbox.flush();
    const rows = await fixture.store().db.selectFrom('webhook_inbox').select(['account_id', 'dedupe_key']).orderBy('id').execute();
    const keysOf = (account: AccountId) => rows.filter((row) => Number(row.account_id) === account).map((row) => row.dedupe_key);
    expect(keysOf(BUSY)).toEqual(Array.from({ length: 60 }, (_, index) => `busy-${index}`));
    expect(keysOf(QUIET)).toEqual(Array.from({ length: 20 }, (_, index) => `quiet-${index * 3}`));
    const jobs = await fixture.store().db.selectFrom('jobs').select(['account_id', 'payload']).orderBy('id').execute();
    const jobKeys = jobs.filter((job) => Number(job.account_id) === BUSY).map((job) => (job.payload as { item: { id: string } }).item.id);
    expect(jobKeys).toEqual(Array.from({ length: 60 }, (_, index) => `busy-${index}`));
  });
});
