/**
 * A Kysely dialect over PGlite's query API — PGlite itself, or PGlite in a worker thread
 * (./pglite-thread.ts); both answer `query`. PGlite is ONE PostgreSQL session inside this
 * process, so the driver hands that session out to one holder at a time: a transaction keeps it
 * from BEGIN to COMMIT and every other query waits, exactly as if a pool had one connection.
 * Without that, a query issued by an unrelated request would silently run inside somebody
 * else's open transaction. SQL, compiler and introspection are PostgreSQL's.
 *
 * Several Kysely instances may share one PGlite through one `SessionGate`; an urgent one's
 * waiters go first. That keeps webhook acknowledgements fast while background jobs saturate the
 * single session: jobs wait (their queue is durable), amoCRM's 2-second timeout does not.
 */
import {
  CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryCompiler, type QueryResult, type TransactionSettings,
} from 'kysely';

const MUTATING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export interface SessionResult<R> { rows: R[]; affectedRows?: number | undefined; command?: string | undefined }

/** What the dialect needs of PGlite: `PGlite` itself satisfies it, so does `PGliteThread`. */
export interface PGliteSession {
  query<R>(sql: string, parameters: unknown[]): Promise<SessionResult<R>>;
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGliteSession) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(compiled.sql, [...compiled.parameters]);
    const command = result.command?.toUpperCase();
    return {
      rows: result.rows,
      ...(command !== undefined && MUTATING_COMMANDS.has(command) ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {}),
    };
  }

  // eslint-disable-next-line require-yield -- the interface demands a generator; PGlite has no cursors to stream from
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect: streaming queries are not supported');
  }
}

/** Hands PGlite's one session to one holder at a time; urgent waiters before the others. */
export class SessionGate {
  #held = false;
  readonly #urgent: Array<() => void> = [];
  readonly #normal: Array<() => void> = [];

  acquire(urgent: boolean): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (urgent ? this.#urgent : this.#normal).push(resolve));
  }

  release(): void {
    const next = this.#urgent.shift() ?? this.#normal.shift();
    if (next === undefined) this.#held = false;
    else next();
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;

  constructor(pg: PGliteSession, private readonly gate: SessionGate, private readonly urgent: boolean) {
    this.#connection = new PGliteConnection(pg);
  }

  /** The session is ready when handed in (db.ts awaits PGlite's start). */
  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.gate.acquire(this.urgent);
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.gate.release();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode]
      .filter(Boolean).join(' ');
    await connection.executeQuery(CompiledQuery.raw(mode === '' ? 'begin' : `start transaction ${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  /** PGlite itself is closed by its owner (db.ts), after every Kysely instance over it. */
  async destroy(): Promise<void> {}
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface PGliteDialectOptions {
  /** Share between Kysely instances over the same PGlite (default: a gate of its own). */
  gate?: SessionGate;
  /** This instance's queries wait ahead of non-urgent ones. */
  urgent?: boolean;
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGliteSession, private readonly options: PGliteDialectOptions = {}) {}
  createAdapter() { return new PostgresAdapter(); }
  createDriver(): Driver { return new PGliteDriver(this.pg, this.options.gate ?? new SessionGate(), this.options.urgent ?? false); }
  createQueryCompiler(): QueryCompiler { return new PostgresQueryCompiler(); }
  createIntrospector(db: Kysely<unknown>) { return new PostgresIntrospector(db); }
}
