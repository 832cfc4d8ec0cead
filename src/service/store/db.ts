/**
 * `openStore`: the service's one database. Embedded PostgreSQL (PGlite) in a data folder by
 * default — in memory when no folder is given (tests) — or a real PostgreSQL when a URL is given.
 * Same SQL and migrations on both; migrations run before the store is handed out.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export interface StoreOptions {
  /** postgres://… — when set, a real PostgreSQL; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined = in memory. Ignored with databaseUrl. */
  dataDir?: string | undefined;
  /** node-postgres pool size (default 10). */
  poolSize?: number | undefined;
}

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const INT8_OID = 20;

/** int8 as a JS number, as PGlite does: one type for ids on both stores (amoCRM ids < 2^53). */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { db, kind } = options.databaseUrl === undefined
    ? { db: new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir })) }), kind: 'pglite' as const }
    : {
        db: new Kysely<Database>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, types: int8AsNumber }),
          }),
        }),
        kind: 'postgres' as const,
      };
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return { db, kind, close: () => (closing ??= db.destroy()) };
}
