// Schema of the applications domain, in its range (200–299) of the kiosk database's migration
// list (src-main/core/storage/migrations/index.ts). Only non-PII metadata lives here; the
// application's personal data travels sealed in its outbox job.
import type { Migration } from '../storage/migration';

export const applicationMigrations: readonly Migration[] = [
  {
    version: 200,
    name: 'applications',
    up(db) {
      db.exec(`
        CREATE TABLE applications (
          case_number TEXT PRIMARY KEY,
          kiosk_code TEXT NOT NULL,
          -- Beijing calendar day yyyymmdd and the sequence within it: unique per kiosk and day
          case_day TEXT NOT NULL,
          case_seq INTEGER NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('item', 'bundle')),
          target_id TEXT NOT NULL,
          name_zh TEXT NOT NULL,
          name_en TEXT NOT NULL,
          item_ids_json TEXT NOT NULL,
          fee_fen INTEGER NOT NULL CHECK (fee_fen >= 0),
          -- the renderer's idempotency key: a repeated submit returns this row
          idempotency_key TEXT NOT NULL UNIQUE,
          -- random per-session id (not PII): which session may see the case
          session_id TEXT NOT NULL,
          outbox_job_id INTEGER NOT NULL REFERENCES outbox_jobs(id),
          submitted_at TEXT NOT NULL,
          consent_at TEXT NOT NULL,
          receipt_outcome TEXT NOT NULL DEFAULT 'notAttempted' CHECK (receipt_outcome IN ('printed', 'failed', 'unknown', 'notAttempted')),
          receipt_reason TEXT,
          paid_at TEXT,
          UNIQUE (kiosk_code, case_day, case_seq)
        );
        CREATE INDEX applications_session ON applications (session_id);
      `);
    },
  },
];
