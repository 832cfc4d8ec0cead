/**
 * Stand-in for test/service/helpers/store.ts (the store area's `forEachStore`) until it lands:
 * PGlite in memory behind Kysely's PostgresDialect, plus a real PostgreSQL when DATABASE_URL is
 * set, each with the accounts migration applied. PGlite is one session, so connections are
 * handed out one at a time (a transaction keeps its connection until it ends).
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { up as migrateAccounts } from '../../src/service/store/migrations/0100_accounts';
import type { AccountTables } from '../../src/service/store/tables-accounts';

export interface TestStore { kind: 'pglite' | 'postgres'; db: Kysely<AccountTables>; close(): Promise<void> }

/** Empties the accounts tables: one store per file, a clean slate per test (PGlite boots slowly). */
export async function resetTestStore(store: TestStore): Promise<void> {
  await sql`TRUNCATE account_configs, account_tokens, accounts`.execute(store.db);
}

function pglitePool(lite: PGlite) {
  let queue: Promise<void> = Promise.resolve();
  const client = {
    async query(text: string, params: unknown[] = []) {
      const result = await lite.query<Record<string, unknown>>(text, params);
      return { command: text.trim().split(/\s+/, 1)[0]?.toUpperCase() ?? '', rowCount: result.affectedRows ?? 0, rows: result.rows };
    },
    release() { /* replaced per checkout */ },
  };
  return {
    async connect() {
      let release!: () => void;
      const previous = queue;
      queue = new Promise<void>((resolve) => { release = resolve; });
      await previous;
      return { query: client.query, release };
    },
    async end() { await lite.close(); },
  };
}

export async function openTestStore(kind: 'pglite' | 'postgres'): Promise<TestStore> {
  if (kind === 'pglite') {
    const lite = new PGlite();
    const db = new Kysely<AccountTables>({ dialect: new PostgresDialect({ pool: pglitePool(lite) as never }) });
    await migrateAccounts(db as Kysely<unknown>);
    return { kind, db, close: () => db.destroy() };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA ${schema}`);
  const db = new Kysely<AccountTables>({ dialect: new PostgresDialect({ pool }) });
  await migrateAccounts(db as Kysely<unknown>);
  return {
    kind,
    db,
    async close() {
      await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(db);
      await db.destroy();
    },
  };
}

export const storeKinds = (): Array<'pglite' | 'postgres'> =>
  process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
