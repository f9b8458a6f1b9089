// Schema of the cash journal, in the payments range (100–199) of the kiosk database's migration
// list (src-main/core/storage/migrations/index.ts).
import type { Migration } from '../storage/migration';

export const cashMigrations: readonly Migration[] = [
  {
    version: 100,
    name: 'cash_journal',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS cash_journal (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          txn_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          body TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cash_journal_txn ON cash_journal (txn_id);
        -- Append-only: the journal is the evidence in a dispute.
        CREATE TRIGGER IF NOT EXISTS cash_journal_no_update BEFORE UPDATE ON cash_journal
          BEGIN SELECT RAISE(ABORT, 'cash_journal is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS cash_journal_no_delete BEFORE DELETE ON cash_journal
          BEGIN SELECT RAISE(ABORT, 'cash_journal is append-only'); END;
      `);
    },
  },
];
