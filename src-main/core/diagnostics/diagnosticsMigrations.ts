// Schema of the diagnostics domain (self-test runs, technician accounts' lockout, certificate
// printer calibrations), in its range
// (500–599) of the kiosk database's migration list (src-main/core/storage/migrations/index.ts).
import type { Migration } from '../storage/migration';

export const diagnosticsMigrations: readonly Migration[] = [
  {
    version: 500,
    name: 'self_test_runs',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS self_test_runs (
          run_id TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          outcome TEXT NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS self_test_runs_device ON self_test_runs (device_id, started_at);
      `);
    },
  },
  {
    version: 501,
    name: 'technician_lockouts',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS technician_lockouts (
          subject TEXT PRIMARY KEY,
          failures INTEGER NOT NULL,
          locked_until INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 502,
    name: 'printer_calibrations',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS printer_calibrations (
          device_id TEXT PRIMARY KEY,
          dx_mm REAL NOT NULL,
          dy_mm REAL NOT NULL,
          saved_at TEXT NOT NULL,
          technician TEXT NOT NULL
        );
      `);
    },
  },
];
