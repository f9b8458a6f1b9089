// The help domain's platform schema, migrations 40–49 (docs/platform.md "Help and struggle
// counts"): the anonymous per-step struggle counts, summed per kiosk and UTC hour. The help
// requests themselves are alerts (`citizenNeedsHelp`) and need no table of their own.
import { sqlStep, type Migration } from '../storage/migration';

export const HELP_MIGRATIONS: readonly Migration[] = [
  {
    version: 40,
    name: 'help: struggle counts per kiosk, hour, service, step and signal',
    apply: sqlStep(`
      CREATE TABLE struggle_counts (
        kiosk_id TEXT NOT NULL,
        hour_start TIMESTAMPTZ NOT NULL,
        service TEXT NOT NULL,
        step TEXT NOT NULL,
        signal TEXT NOT NULL,
        count BIGINT NOT NULL CHECK (count > 0),
        PRIMARY KEY (kiosk_id, hour_start, service, step, signal));
      CREATE INDEX struggle_counts_by_hour ON struggle_counts (hour_start);
    `),
  },
];
