// Opens the kiosk's SQLite database (design.md §6): WAL, synchronous=FULL, numbered migrations in
// one transaction each, refusal of newer or corrupt files (a corrupt file is renamed aside, never
// deleted), and the one-writer lock on the data directory.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock';
import type { Migration } from './migration';
import { migrations as allMigrations } from './migrations/index';
import { classifySqliteError, sqliteCode, type StorageError } from './sqliteErrors';

export const DATABASE_FILE_NAME = 'kiosk.sqlite';
/** How long a writer waits for a lock held by a reader before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export interface KioskDatabase {
  readonly db: Database.Database;
  readonly file: string;
  /** Highest migration applied. */
  readonly schemaVersion: number;
  close(): void;
}

export interface OpenDatabaseOptions {
  readonly dataDir: string;
  /** Default: every migration of migrations/index.ts. */
  readonly migrations?: readonly Migration[];
  /** Take the data-directory lock (default true). Read-only inspection passes false. */
  readonly lock?: boolean;
}

export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

export function openKioskDatabase(options: OpenDatabaseOptions): Result<KioskDatabase, StorageError> {
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  let lock: DataDirLock | undefined;
  if (options.lock !== false) {
    const taken = acquireDataDirLock(options.dataDir);
    if (!taken.ok) return err({ kind: 'locked', message: taken.error });
    lock = taken.value;
  }
  const file = path.join(options.dataDir, DATABASE_FILE_NAME);
  const opened = openAndMigrate(file, options.migrations ?? allMigrations);
  if (!opened.ok) {
    lock?.release();
    return opened;
  }
  const db = opened.value.db;
  return ok({
    db,
    file,
    schemaVersion: opened.value.schemaVersion,
    close() {
      if (db.open) {
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // a full disk can refuse the checkpoint; the WAL is replayed at next open
        }
        db.close();
      }
      lock?.release();
    },
  });
}

function openAndMigrate(file: string, migrations: readonly Migration[]): Result<{ db: Database.Database; schemaVersion: number }, StorageError> {
  const ordered = orderMigrations(migrations);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    applyPragmas(db);
    // SQLite gives the WAL and shared-memory files the database file's mode.
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  } catch (e) {
    db?.close();
    const code = sqliteCode(e) ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
      const movedTo = moveAside(file);
      return err({
        kind: 'corrupt',
        movedTo,
        message: `the kiosk database ${file} is damaged (${code}) and was not opened; it was moved to ${movedTo} for recovery (nothing deleted). The next start creates a fresh database; unsent records must be recovered from the moved file by a technician.`,
      });
    }
    return err(classifySqliteError(e, 'opening the kiosk database'));
  }
  const known = Math.max(0, ...ordered.map((m) => m.version));
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    db.close();
    return err({ kind: 'newerVersion', message: `the kiosk database ${file} was written by a newer version (schema ${newest}, this version knows up to ${known}); refusing to open it. Install the newer version again or restore a backup.` });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of ordered) {
    if (applied.has(migration.version)) continue;
    try {
      db.transaction(() => {
        migration.up(db);
        record.run(migration.version, migration.name, new Date().toISOString());
      }).immediate();
    } catch (e) {
      db.close();
      return err(classifySqliteError(e, `migration ${migration.version} (${migration.name})`));
    }
  }
  return ok({ db, schemaVersion: Math.max(newest, known) });
}

/** Sorts by version; two migrations with one version are a programming error. */
function orderMigrations(migrations: readonly Migration[]): Migration[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.version === ordered[i - 1]!.version) throw new Error(`migration version ${ordered[i]!.version} is declared twice (${ordered[i - 1]!.name}, ${ordered[i]!.name})`);
  }
  return ordered;
}

function moveAside(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, target + suffix);
  }
  return target;
}
