/**
 * The inbox keeps a webhook's bytes (`raw`, as they arrived) and no longer a decoded jsonb copy
 * beside them: nothing read `body` (handlers get their items through the jobs' payloads), and
 * parsing it into jsonb was a third of the acknowledging INSERT's cost (issue 13, bench:webhooks).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE webhook_inbox DROP COLUMN body`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Rows stored meanwhile get no decoded copy (body was already nullable: raw is the record).
  await sql`ALTER TABLE webhook_inbox ADD COLUMN body jsonb`.execute(db);
}
