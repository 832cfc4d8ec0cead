/**
 * Applies every migration in ./migrations at start. Files are `NNNN_name.ts`, applied in name
 * order: 0001–0099 belong to the inbox/jobs area, 0100+ to accounts. Kysely's Migrator takes a
 * PostgreSQL advisory lock, so several instances starting together over one database migrate once.
 *
 * Why not Kysely's FileMigrationProvider: its `import()` runs inside node_modules, where a test
 * runner's TypeScript loader does not reach ("Unknown file extension .ts" under vitest). The
 * import below runs from our own module, so tsx, vitest and compiled JS all resolve it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_FILE = /^(\d{4}_[a-z0-9_-]+)\.(?:ts|mts|js|mjs)$/i;

class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder)).filter((file) => MIGRATION_FILE.test(file) && !file.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = MIGRATION_FILE.exec(file)?.[1] ?? file;
      if (name in migrations) throw new MigrationError(`two files for migration ${name}`);
      migrations[name] = asMigration(file, await import(pathToFileURL(path.join(this.folder, file)).href));
    }
    return migrations;
  }
}

function asMigration(file: string, module: unknown): Migration {
  const { up, down } = (module ?? {}) as { up?: unknown; down?: unknown };
  if (typeof up !== 'function') throw new MigrationError(`${file} exports no up(db)`);
  return {
    up: up as Migration['up'],
    ...(typeof down === 'function' ? { down: down as NonNullable<Migration['down']> } : {}),
  };
}

/** Returns the names of the migrations applied by this call. */
export async function migrateToLatest(db: Kysely<unknown>, folder = MIGRATIONS_FOLDER): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one: another schema holding
  // them (a parallel test's, another app's) made it skip creating ours and then fail to read them.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema;
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(folder), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'migrator';
    throw new MigrationError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
