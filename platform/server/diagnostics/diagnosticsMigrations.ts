// The diagnostics domain's platform schema, migrations 50–59 (docs/technicians.md): bundles uploaded
// by kiosks for the `uploadDiagnostics` remote command.
import { sqlStep, type Migration } from '../storage/migration';

export const DIAGNOSTICS_MIGRATIONS: readonly Migration[] = [
  {
    version: 50,
    name: 'diagnostics: bundles uploaded by kiosks, once per upload id',
    apply: sqlStep(`
      CREATE TABLE diagnostics_uploads (
        kiosk_id TEXT NOT NULL,
        upload_id TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        byte_length INTEGER NOT NULL,
        bundle TEXT NOT NULL,
        PRIMARY KEY (kiosk_id, upload_id));
      CREATE INDEX diagnostics_uploads_by_time ON diagnostics_uploads (kiosk_id, received_at);
    `),
  },
];

