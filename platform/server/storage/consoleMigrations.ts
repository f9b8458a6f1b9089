// Migrations 10–19 (the fleet console's range, docs/platform.md): admin accounts, server-side
// sessions, per-account API tokens, the append-only audit log, and the kiosk tags and derived
// heartbeat columns the console filters and counts by. Listed in MIGRATIONS (migrations.ts).
import type { Migration } from './migration';

export const CONSOLE_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'admin accounts, sessions, API tokens, append-only audit log',
    apply: async (tx) =>
      tx.exec(`
        CREATE TABLE admin_accounts (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,
          role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'publisher')),
          password_hash TEXT NOT NULL,
          -- Failed sign-ins in a row, counted here so every instance agrees; a sign-in reserves an
          -- attempt before checking the password, so parallel guesses cannot exceed the limit.
          failed_attempts INTEGER NOT NULL DEFAULT 0,
          locked_until TIMESTAMPTZ,
          disabled_at TIMESTAMPTZ,
          created_at TIMESTAMPTZ NOT NULL,
          created_by TEXT NOT NULL,
          password_changed_at TIMESTAMPTZ NOT NULL,
          last_sign_in_at TIMESTAMPTZ);

        -- Sessions live in the database, so any instance serves any session. Only the SHA-256 of
        -- the cookie value is kept.
        CREATE TABLE admin_sessions (
          token_hash TEXT PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES admin_accounts (id),
          created_at TIMESTAMPTZ NOT NULL,
          last_seen_at TIMESTAMPTZ NOT NULL,
          expires_at TIMESTAMPTZ NOT NULL,
          client_address TEXT,
          user_agent TEXT);
        CREATE INDEX admin_sessions_by_account ON admin_sessions (account_id);
        CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);

        -- Bearer tokens of scripts and the CLI, acting as their account (its role, read live).
        CREATE TABLE admin_api_tokens (
          id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL REFERENCES admin_accounts (id),
          name TEXT NOT NULL,
          secret_hash TEXT NOT NULL,
          created_at TIMESTAMPTZ NOT NULL,
          expires_at TIMESTAMPTZ,
          revoked_at TIMESTAMPTZ,
          last_used_at TIMESTAMPTZ);
        CREATE INDEX admin_api_tokens_by_account ON admin_api_tokens (account_id, created_at);

        CREATE SEQUENCE audit_seq;
        CREATE TABLE audit_log (
          seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
          at TIMESTAMPTZ NOT NULL,
          actor_kind TEXT NOT NULL,
          actor TEXT,
          action TEXT NOT NULL,
          target TEXT,
          outcome TEXT NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),
          status INTEGER NOT NULL,
          error TEXT,
          client_address TEXT,
          user_agent TEXT,
          detail JSONB);
        CREATE INDEX audit_log_by_actor ON audit_log (actor, seq);
        CREATE INDEX audit_log_by_action ON audit_log (action, seq);

        -- Append-only: the platform's own database user cannot rewrite or remove history.
        -- (EXECUTE PROCEDURE, not FUNCTION: openGauss and KingbaseES accept only that spelling.)
        CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '55000';
        END;
        $$ LANGUAGE plpgsql;
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE PROCEDURE audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
          FOR EACH STATEMENT EXECUTE PROCEDURE audit_log_append_only();
      `),
  },
  {
    version: 11,
    name: 'kiosk tags (region, level, site, hardware) and heartbeat columns derived on arrival',
    apply: async (tx) =>
      tx.exec(`
        -- Tags an operator sets (issue #11's groups build on them); null = not tagged yet.
        ALTER TABLE kiosks ADD COLUMN region_code TEXT;
        ALTER TABLE kiosks ADD COLUMN level TEXT;
        ALTER TABLE kiosks ADD COLUMN site_kind TEXT;
        ALTER TABLE kiosks ADD COLUMN site_name TEXT;
        ALTER TABLE kiosks ADD COLUMN hardware TEXT;
        CREATE INDEX kiosks_by_region ON kiosks (region_code);

        -- Derived from each heartbeat as it is stored, so counting 10,000s of kiosks by liveness
        -- is a GROUP BY over plain columns, never a scan of heartbeat documents.
        ALTER TABLE kiosk_status ADD COLUMN degraded BOOLEAN NOT NULL DEFAULT false;
        ALTER TABLE kiosk_status ADD COLUMN reported_app_version TEXT;
        ALTER TABLE kiosk_status ADD COLUMN reported_config TEXT;
        UPDATE kiosk_status SET
          reported_app_version = last_heartbeat -> 'versions' ->> 'app',
          reported_config = last_heartbeat -> 'versions' ->> 'config';
      `),
  },
];
