// Read-only access to the cash journal in the kiosk database, for `budayang journal verify`
// beside a running core (which holds the writer lock).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';
import { DATABASE_FILE_NAME } from '../storage/openKioskDatabase';
import { verifyChain, type VerifyResult } from './cashJournal';

export function openJournalReadOnly(dataDir: string): Result<{ verify(): VerifyResult; close(): void }, string> {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) return err(`no kiosk database in ${dataDir}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cash_journal'").get();
  if (!table) {
    db.close();
    return err(`the kiosk database in ${dataDir} has no cash journal yet`);
  }
  return ok({ verify: () => verifyChain(db), close: () => db.close() });
}
