/** Focus sessions, pauses, snoozes and external API keys (src/service/store/tables-focus.ts). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE focus_sessions (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      user_id bigint NOT NULL,
      state text NOT NULL CHECK (state IN ('active', 'ended')),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      end_reason text CHECK (end_reason IN ('exhausted', 'manual', 'idle', 'end_of_day')),
      queue jsonb NOT NULL,
      position integer NOT NULL DEFAULT 0,
      stats jsonb NOT NULL,
      tabs jsonb NOT NULL,
      last_heartbeat_at timestamptz NOT NULL,
      idle_timeout_ms integer NOT NULL CHECK (idle_timeout_ms > 0),
      end_of_day_minute integer,
      timezone text NOT NULL,
      end_of_day_at timestamptz,
      updated_at timestamptz NOT NULL,
      CHECK ((state = 'active') = (ended_at IS NULL))
    )`.execute(db);
  // One running session per manager: a second tab joins it; two concurrent starts cannot both insert.
  await sql`CREATE UNIQUE INDEX focus_sessions_one_active ON focus_sessions (account_id, user_id) WHERE state = 'active'`.execute(db);
  await sql`CREATE INDEX focus_sessions_last ON focus_sessions (account_id, user_id, started_at DESC)`.execute(db);
  await sql`CREATE INDEX focus_sessions_sweep ON focus_sessions (last_heartbeat_at) WHERE state = 'active'`.execute(db);
  await sql`
    CREATE TABLE manager_pauses (
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      user_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('self', 'away')),
      set_by bigint NOT NULL,
      reason text NOT NULL,
      since timestamptz NOT NULL,
      until timestamptz,
      PRIMARY KEY (account_id, user_id, kind)
    )`.execute(db);
  await sql`
    CREATE TABLE focus_snoozes (
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      user_id bigint NOT NULL,
      lead_id bigint NOT NULL,
      until timestamptz NOT NULL,
      PRIMARY KEY (account_id, user_id, lead_id)
    )`.execute(db);
  await sql`
    CREATE TABLE external_api_keys (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      label text NOT NULL,
      created_by bigint NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE external_api_keys`.execute(db);
  await sql`DROP TABLE focus_snoozes`.execute(db);
  await sql`DROP TABLE manager_pauses`.execute(db);
  await sql`DROP TABLE focus_sessions`.execute(db);
}
