/**
 * The inbox keeps exactly what arrived (issue 10): the request's bytes and content type. `body`
 * (the decoded form, for queries) stays empty when PostgreSQL's jsonb cannot hold it — a NUL
 * character or a lone surrogate — so such a body is stored like any other instead of failing.
 * `events`: entries the reconciler read from amoCRM's events feed (src/service/reconcile).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE webhook_inbox ADD COLUMN raw bytea, ADD COLUMN content_type text`.execute(db);
  await sql`ALTER TABLE webhook_inbox ALTER COLUMN body DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE webhook_inbox DROP CONSTRAINT webhook_inbox_source_check`.execute(db);
  await sql`ALTER TABLE webhook_inbox ADD CONSTRAINT webhook_inbox_source_check CHECK (source IN ('account', 'dp', 'events'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM webhook_inbox WHERE source = 'events' OR body IS NULL`.execute(db);
  await sql`ALTER TABLE webhook_inbox DROP CONSTRAINT webhook_inbox_source_check`.execute(db);
  await sql`ALTER TABLE webhook_inbox ADD CONSTRAINT webhook_inbox_source_check CHECK (source IN ('account', 'dp'))`.execute(db);
  await sql`ALTER TABLE webhook_inbox ALTER COLUMN body SET NOT NULL`.execute(db);
  await sql`ALTER TABLE webhook_inbox DROP COLUMN raw, DROP COLUMN content_type`.execute(db);
}
