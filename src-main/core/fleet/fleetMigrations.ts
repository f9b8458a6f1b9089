// Schema of the fleet domain, in its range (400–499) of the kiosk database's migration list
// (src-main/core/storage/migrations/index.ts): remote commands stored on receipt, refusals, and
// which bundle results were handed to the outbox.
import type { Migration } from '../storage/migration';

export const fleetMigrations: readonly Migration[] = [
  {
    version: 400,
    name: 'fleet_commands',
    up(db) {
      db.exec(`
        CREATE TABLE fleet_commands (
          command_id TEXT PRIMARY KEY,
          action_kind TEXT NOT NULL,
          -- the signed command exactly as received (re-verifiable evidence)
          signed_json TEXT NOT NULL,
          urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
          expires_at TEXT NOT NULL,
          received_at TEXT NOT NULL,
          -- pending: waiting for a safe point; running: started (a kill here is resolved at boot
          -- per action); finished: its result is in the outbox
          state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'finished')),
          outcome TEXT CHECK (outcome IN ('done', 'failed', 'expired')),
          detail TEXT,
          started_at TEXT,
          finished_at TEXT,
          -- when a heartbeat answer confirmed the platform heard of the receipt
          acked_at TEXT
        );
        CREATE INDEX fleet_commands_open ON fleet_commands (state, received_at) WHERE state != 'finished';
        CREATE INDEX fleet_commands_unacked ON fleet_commands (received_at) WHERE acked_at IS NULL;
        -- Refused commands are not stored under their id (a forged command must not block the
        -- real one with the same id); one row per (id, signature) so each is reported once.
        CREATE TABLE fleet_command_refusals (
          command_id TEXT NOT NULL,
          signature TEXT NOT NULL,
          reason TEXT NOT NULL,
          received_at TEXT NOT NULL,
          acked_at TEXT,
          PRIMARY KEY (command_id, signature)
        );
        CREATE TABLE fleet_reported_results (
          result_id TEXT PRIMARY KEY,
          outbox_job_id INTEGER NOT NULL REFERENCES outbox_jobs(id),
          reported_at TEXT NOT NULL
        );
      `);
    },
  },
];
