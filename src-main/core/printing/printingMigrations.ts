// Schema of the print-job journal, in the printing range (300–399) of the kiosk database's
// migration list (src-main/core/storage/migrations/index.ts).
import type { Migration } from '../storage/migration';

export const printingMigrations: readonly Migration[] = [
  {
    version: 300,
    name: 'print_jobs',
    up(db) {
      db.exec(`
        -- One row per job id, updated in place on every state change (the JSONL journal before
        -- it kept every change; only the latest state was ever read).
        CREATE TABLE print_jobs (
          job_id TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          printer_class TEXT NOT NULL,
          document TEXT NOT NULL,
          -- queued → printing → printed | failed | unknown (a crash while pending)
          state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed', 'unknown')),
          reason TEXT,
          created_at TEXT NOT NULL,
          finished_at TEXT,
          -- order of the last change, for the newest-first listing
          updated_seq INTEGER NOT NULL
        );
        CREATE INDEX print_jobs_recent ON print_jobs (updated_seq);
        CREATE INDEX print_jobs_by_device ON print_jobs (device_id, updated_seq);
      `);
    },
  },
];
