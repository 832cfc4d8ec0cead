/**
 * Issue 12: working hours were stored in three shapes (focus minutes, distribution "HH:MM"
 * {from,to}, refusals "HH:MM" {start,end} with a zone). Every stored configuration is rewritten
 * once in the one shape (src/service/config/legacy-hours.ts has the mapping), so the database
 * holds what the schema describes. The version is kept: the meaning did not change, and an admin
 * editing across the upgrade must not get a conflict for it. A row that no longer parses stays as
 * it was (the repository serves defaults for it and says so). No down(): code from before this
 * migration cannot read the one shape.
 */
import { sql, type Kysely } from 'kysely';
import { upgradeLegacyHours } from '../../config/legacy-hours';

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ account_id: string; body: unknown }>`SELECT account_id, body FROM account_configs`.execute(db);
  for (const row of rows) {
    // jsonb arrives parsed from both drivers; a string means a driver that does not parse it.
    const body: unknown = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
    const upgraded = JSON.stringify(upgradeLegacyHours(body));
    if (upgraded === JSON.stringify(body)) continue;
    await sql`UPDATE account_configs SET body = ${upgraded}::jsonb WHERE account_id = ${row.account_id}`.execute(db);
  }
}
