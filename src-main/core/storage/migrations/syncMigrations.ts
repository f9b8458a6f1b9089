// Tables of the outbox, sync engine, kiosk identity and alerts (versions 1–99).
import type { Migration } from '../migration';

export const syncMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    up(db) {
      db.exec(`
        CREATE TABLE outbox_jobs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          idempotency_key TEXT NOT NULL UNIQUE,
          stream_key TEXT NOT NULL,
          stream_seq INTEGER NOT NULL,
          kind TEXT NOT NULL,
          occurred_at TEXT NOT NULL,
          payload_json TEXT NOT NULL,
          pii_cipher BLOB,
          -- pending: waiting to be sent; inFlight: in a push whose answer is not in yet;
          -- acked: the platform holds it; dead: rejected as invalid (see outbox_dead_letters)
          state TEXT NOT NULL CHECK (state IN ('pending', 'inFlight', 'acked', 'dead')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT NOT NULL,
          last_error TEXT,
          created_at TEXT NOT NULL,
          acked_at TEXT,
          pii_purged_at TEXT,
          UNIQUE (stream_key, stream_seq)
        );
        CREATE INDEX outbox_jobs_open ON outbox_jobs (state, id) WHERE state IN ('pending', 'inFlight', 'dead');
        CREATE INDEX outbox_jobs_purge ON outbox_jobs (acked_at) WHERE pii_cipher IS NOT NULL AND state = 'acked';
        CREATE TABLE outbox_dead_letters (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          job_id INTEGER NOT NULL REFERENCES outbox_jobs(id),
          reason TEXT NOT NULL,
          dead_at TEXT NOT NULL,
          retried_at TEXT
        );
        CREATE INDEX outbox_dead_letters_open ON outbox_dead_letters (job_id) WHERE retried_at IS NULL;
        CREATE TABLE sync_state (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'kiosk_identity',
    up(db) {
      db.exec(`
        CREATE TABLE kiosk_identity (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          public_key TEXT NOT NULL,
          private_key_cipher BLOB NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE TABLE platform_registration (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          platform_url TEXT NOT NULL,
          kiosk_id TEXT NOT NULL,
          admin_public_key TEXT NOT NULL,
          registered_at TEXT NOT NULL
        );
        CREATE TABLE remote_config (
          version INTEGER PRIMARY KEY,
          config_id TEXT NOT NULL,
          body TEXT NOT NULL,
          signature TEXT NOT NULL,
          etag TEXT,
          received_at TEXT NOT NULL
        );
      `);
    },
  },
];
