/**
 * `openStore`: the service's one database. Embedded PostgreSQL (PGlite) in a data folder by
 * default — in memory when no folder is given (tests) — or a real PostgreSQL when a URL is given.
 * Same SQL and migrations on both; migrations run before the store is handed out. PGlite runs in
 * a worker thread of its own (./pglite-thread.ts): its synchronous writes never stall requests.
 */
import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate';
import { PGliteDialect, SessionGate } from './pglite-dialect';
import { startPGliteThread } from './pglite-thread';
import type { Database } from './schema';

export interface StoreOptions {
  /** postgres://… — when set, a real PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined = in memory. Ignored with databaseUrl. */
  dataDir?: string | undefined;
  /** node-postgres pool size (default 10). */
  poolSize?: number | undefined;
  /**
   * A pooled PostgreSQL connection the server ended while idle (restart, failover, idle cut): the
   * pool drops it and the next query opens a new one; this only reports it. Default: a warning.
   */
  onConnectionLost?: ((error: Error) => void) | undefined;
}

export interface Store {
  db: Kysely<Database>;
  /**
   * The same database for latency-critical writes (webhook acknowledgements): on PGlite its
   * queries go ahead of queued background work; on PostgreSQL it has a small pool of its own,
   * so a busy job runner cannot exhaust its connections.
   */
  priorityDb: Kysely<Database>;
  /** Transactions `priorityDb` can run side by side: PGlite has one session, PostgreSQL the pool's connections. */
  priorityParallel: number;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const INT8_OID = 20;
/** PostgreSQL connections kept for acknowledgements (the inbox), apart from the main pool. */
const PRIORITY_CONNECTIONS = 2;

/** int8 as a JS number, as PGlite does: one type for ids on both stores (amoCRM ids < 2^53). */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const store = options.databaseUrl === undefined
    ? await openPGlite(options.dataDir)
    : openPostgres(options.databaseUrl, options.poolSize ?? 10, options.onConnectionLost ?? warnConnectionLost);
  try {
    await migrateToLatest(store.db as Kysely<unknown>);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** PGlite creates its own folder but not the ones above it (a fresh clone has no `.data`). */
async function ensureDataFolder(dataDir: string | undefined): Promise<void> {
  if (dataDir === undefined) return;
  const folder = dataDir.startsWith('file://') ? dataDir.slice('file://'.length) : dataDir;
  if (folder.includes('://')) return; // memory://, idb://: not a folder on disk
  await mkdir(folder, { recursive: true });
}

async function openPGlite(dataDir: string | undefined): Promise<Store> {
  await ensureDataFolder(dataDir);
  const pglite = await startPGliteThread(dataDir);
  const gate = new SessionGate();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, { gate }) });
  const priorityDb = new Kysely<Database>({ dialect: new PGliteDialect(pglite, { gate, urgent: true }) });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await Promise.all([db.destroy(), priorityDb.destroy()]);
    // Wait for the session to be free: a query still running would be cut off by close().
    await gate.acquire(false);
    await pglite.close();
  };
  return { db, priorityDb, priorityParallel: 1, kind: 'pglite', close: () => (closing ??= close()) };
}

const warnConnectionLost = (error: Error): void => { process.emitWarning(`PostgreSQL ended a pooled connection: ${error.message}`); };

function openPostgres(databaseUrl: string, poolSize: number, onConnectionLost: (error: Error) => void): Store {
  const kysely = (max: number) => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max, types: int8AsNumber });
    // Without a listener node-postgres' 'error' event on an idle client is an uncaught exception:
    // one PostgreSQL restart would end every instance.
    pool.on('error', onConnectionLost);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  };
  const db = kysely(poolSize);
  const priorityDb = kysely(PRIORITY_CONNECTIONS);
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => { await Promise.all([db.destroy(), priorityDb.destroy()]); };
  return { db, priorityDb, priorityParallel: PRIORITY_CONNECTIONS, kind: 'postgres', close: () => (closing ??= close()) };
}
