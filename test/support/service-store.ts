/**
 * `forEachStore(name, fn)`: runs a suite once on PGlite (always) and once on PostgreSQL (when
 * DATABASE_URL is set, as in CI), with a fresh store per test.
 *
 * - PGlite boots in seconds, so one in-memory instance serves a whole suite and every table is
 *   truncated before each test.
 * - PostgreSQL: each test gets its own schema (search_path in the connection URL), migrated from
 *   scratch and dropped afterwards, so parallel test files never see each other's rows.
 *
 * With `{ fresh: 'per-suite' }` the suite's tests share one store, filled once in a `beforeAll`
 * (a costly backfill several comparisons read).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { openStore, type Store } from '../../src/service/store/db';

type StoreKind = Store['kind'];

export interface StoreFixture {
  readonly kind: StoreKind;
  /** The running test's fresh store. */
  store(): Store;
  /**
   * Another handle on the same database, as a second service instance would open it: its own
   * pool on PostgreSQL; on PGlite (one session per process) the same database. Closed after the test.
   */
  openSibling(): Promise<Store>;
  /** URL a child process can use to reach the running test's database (PostgreSQL only). */
  databaseUrl(): string | undefined;
}

/** The stores a test runs against (PGlite, and PostgreSQL when DATABASE_URL is set). */
const storeKinds = (): StoreKind[] => (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);

interface StoreOptions {
  /** A fresh store for every test (the default), or one for the whole suite. */
  fresh?: 'per-test' | 'per-suite';
}

export function forEachStore(name: string, fn: (fixture: StoreFixture) => void, options: StoreOptions = {}): void {
  const perSuite = options.fresh === 'per-suite';
  for (const kind of storeKinds()) {
    describe(`${name} [${kind}]`, () => {
      fn(kind === 'pglite' ? pgliteFixture(perSuite) : postgresFixture(requiredEnv('DATABASE_URL'), perSuite));
    });
  }
}

function pgliteFixture(perSuite: boolean): StoreFixture {
  let shared: Store | undefined;
  beforeAll(async () => { shared = await openStore(); });
  afterAll(async () => { await shared?.close(); });
  if (!perSuite) beforeEach(async () => { await truncateAll(current()); });
  const current = (): Store => {
    if (shared === undefined) throw new Error('store used outside a test');
    return shared;
  };
  return {
    kind: 'pglite',
    store: current,
    openSibling: async () => ({ ...current(), close: async () => {} }),
    databaseUrl: () => undefined,
  };
}

function postgresFixture(baseUrl: string, perSuite: boolean): StoreFixture {
  let admin: pg.Pool | undefined;
  let schema: string | undefined;
  let opened: Store[] = [];
  let main: Store | undefined;
  const urlFor = (name: string): string => {
    const url = new URL(baseUrl);
    url.searchParams.set('options', `-c search_path=${name}`);
    return url.toString();
  };
  beforeAll(() => { admin = new pg.Pool({ connectionString: baseUrl, max: 1 }); });
  afterAll(async () => { await admin?.end(); });
  (perSuite ? beforeAll : beforeEach)(async () => {
    schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin?.query(`CREATE SCHEMA ${schema}`);
    main = await openStore({ databaseUrl: urlFor(schema), poolSize: 4 });
    opened = [main];
  });
  (perSuite ? afterAll : afterEach)(async () => {
    await Promise.all(opened.map((store) => store.close()));
    if (schema !== undefined) await admin?.query(`DROP SCHEMA ${schema} CASCADE`);
    main = undefined;
  });
  const current = (): Store => {
    if (main === undefined) throw new Error('store used outside a test');
    return main;
  };
  return {
    kind: 'postgres',
    store: current,
    openSibling: async () => {
      const sibling = await openStore({ databaseUrl: urlFor(schemaOf()), poolSize: 4 });
      opened.push(sibling);
      return sibling;
    },
    databaseUrl: () => urlFor(schemaOf()),
  };
  function schemaOf(): string {
    if (schema === undefined) throw new Error('store used outside a test');
    return schema;
  }
}

/** Empties every table of the current schema except the migrator's own bookkeeping. */
async function truncateAll(store: Store): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    SELECT quote_ident(tablename) AS name FROM pg_tables
    WHERE schemaname = current_schema() AND tablename NOT LIKE 'kysely_migration%'`.execute(store.db);
  if (rows.length === 0) return;
  await sql.raw(`TRUNCATE ${rows.map((row) => row.name).join(', ')} RESTART IDENTITY CASCADE`).execute(store.db);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}
