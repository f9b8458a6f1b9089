// Schema of the help domain, in its range (600–699) of the kiosk database's migration list
// (src-main/core/storage/migrations/index.ts): the struggle counts waiting to be sent, one row per
// hour bucket, service, step and signal. Nothing here names a citizen or a session.
import type { Migration } from '../storage/migration';

export const helpMigrations: readonly Migration[] = [
  {
    version: 600,
    name: 'struggle_counts',
    up(db) {
      db.exec(`
        CREATE TABLE struggle_counts (
          -- the start of the UTC hour (ISO text): the finest time a count is known by
          hour_start TEXT NOT NULL,
          service TEXT NOT NULL,
          step TEXT NOT NULL,
          signal TEXT NOT NULL,
          count INTEGER NOT NULL CHECK (count > 0),
          PRIMARY KEY (hour_start, service, step, signal)
        );
      `);
    },
  },
];
