/** Every accepted webhook, stored before it is acknowledged (src/service/webhooks/inbox.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_inbox (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL,
      source text NOT NULL CHECK (source IN ('account', 'dp')),
      dedupe_key text NOT NULL,
      body jsonb NOT NULL,
      job_count integer NOT NULL,
      received_at timestamptz NOT NULL,
      UNIQUE (account_id, dedupe_key)
    )`.execute(db);
  await sql`CREATE INDEX webhook_inbox_received ON webhook_inbox (account_id, received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE webhook_inbox`.execute(db);
}
