import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/service/store/db';
import { forEachStore } from '../support/service-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

forEachStore('store', (fixture) => {
  it('applies the inbox and accounts migrations at start', async () => {
    const { db } = fixture.store();
    const tables = await db.introspection.getTables();
    const names = tables.map((table) => table.name);
    expect(names).toEqual(expect.arrayContaining(['jobs', 'webhook_inbox', 'effects', 'accounts']));
  });

  // PostgreSQL restarts, failovers and idle-connection cuts end pooled connections: node-postgres
  // reports that as an 'error' event on the pool, which crashed the process when nobody listened.
  it.skipIf(fixture.kind !== 'postgres')('survives the server ending an idle pooled connection', async () => {
    const { db } = fixture.store();
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
    const pid = rows[0]?.pid;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await new Promise((settled) => setTimeout(settled, 200));
    const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    expect(again.rows[0]?.one).toBe(1);
  });

  it('returns bigint columns as numbers', async () => {
    const { db } = fixture.store();
    const row = await db.insertInto('effects')
      .values({ account_id: 31000001, key: 'k', result: '{"ok":true}', created_at: new Date(0) })
      .returning(['account_id', 'result']).executeTakeFirstOrThrow();
    expect(row).toEqual({ account_id: 31000001, result: { ok: true } });
  });

  it('rolls back a failed transaction and keeps other queries out of it', async () => {
    const { db } = fixture.store();
    const inside = db.transaction().execute(async (trx) => {
      await trx.insertInto('effects').values({ account_id: 1, key: 'rolled-back', result: 'null', created_at: new Date(0) }).execute();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    // Issued while the transaction is open: must neither see nor join it.
    const outside = db.insertInto('effects').values({ account_id: 1, key: 'kept', result: 'null', created_at: new Date(0) }).execute();
    await expect(inside).rejects.toThrow('boom');
    await outside;
    const keys = await db.selectFrom('effects').select('key').where('account_id', '=', 1).execute();
    expect(keys.map((row) => row.key)).toEqual(['kept']);
  });

  it('supports FOR UPDATE SKIP LOCKED', async () => {
    const { db } = fixture.store();
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM effects FOR UPDATE SKIP LOCKED`.execute(db);
    expect(rows).toEqual([]);
  });

  // Kysely looked for its migration tables in every schema: with another schema holding them (this
  // test's own store, a parallel test, another app on the same server), a fresh schema skipped
  // creating them and failed with `relation "kysely_migration_lock" does not exist`.
  it('migrates a fresh schema while another schema of the same database holds migration tables', async () => {
    const url = fixture.databaseUrl();
    if (url === undefined) return; // PGlite: one schema per database
    const { db } = fixture.store();
    const fresh = `fresh_${randomBytes(4).toString('hex')}`;
    await sql.raw(`CREATE SCHEMA ${fresh}`).execute(db);
    try {
      const freshUrl = new URL(url);
      freshUrl.searchParams.set('options', `-c search_path=${fresh}`);
      const store = await openStore({ databaseUrl: freshUrl.toString(), poolSize: 1 });
      const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = ${fresh}`.execute(store.db);
      await store.close();
      expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['kysely_migration_lock', 'jobs']));
    } finally {
      await sql.raw(`DROP SCHEMA ${fresh} CASCADE`).execute(db);
    }
  });
});

describe('store [pglite data folder]', () => {
  it('keeps rows across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'store-test-'));
    try {
      const first = await openStore({ dataDir });
      await first.db.insertInto('effects').values({ account_id: 7, key: 'survives', result: '1', created_at: new Date(0) }).execute();
      await first.close();
      const second = await openStore({ dataDir });
      const rows = await second.db.selectFrom('effects').select('key').where('account_id', '=', 7).execute();
      await second.close();
      expect(rows).toEqual([{ key: 'survives' }]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  // A fresh clone has no .data folder: `npm start` opened '<repo>/.data/service' and PGlite
  // failed with ENOENT on mkdir, because it does not create parent folders.
  it('creates a data folder whose parent folders do not exist yet', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'store-test-'));
    const dataDir = path.join(root, '.data', 'service');
    try {
      const store = await openStore({ dataDir });
      await store.db.insertInto('effects').values({ account_id: 7, key: 'fresh', result: '1', created_at: new Date(0) }).execute();
      await store.close();
      const reopened = await openStore({ dataDir });
      const rows = await reopened.db.selectFrom('effects').select('key').where('account_id', '=', 7).execute();
      await reopened.close();
      expect(rows).toEqual([{ key: 'fresh' }]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
