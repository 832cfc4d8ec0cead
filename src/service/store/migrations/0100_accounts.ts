/** Accounts, their encrypted tokens and versioned configuration (src/service/store/tables-accounts.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE accounts (
      id bigint PRIMARY KEY,
      subdomain text NOT NULL,
      base_url text NOT NULL,
      status text NOT NULL CHECK (status IN ('connected', 'disconnected')),
      webhook_secret text NOT NULL UNIQUE,
      connected_at timestamptz NOT NULL,
      disconnected_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE account_tokens (
      account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('oauth', 'long_lived')),
      access_token text NOT NULL,
      refresh_token text,
      expires_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      refresh_lease_until timestamptz,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE account_configs (
      account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version > 0),
      body jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by bigint
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE account_configs`.execute(db);
  await sql`DROP TABLE account_tokens`.execute(db);
  await sql`DROP TABLE accounts`.execute(db);
}
