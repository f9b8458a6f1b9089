// One writer per data directory, with a lock the operating system releases together with its
// process (design.md §7): SQLite's exclusive lock on a small lock database. SQLite takes it with
// POSIX fcntl locks (LockFileEx on Windows), which die with the process that holds them — after
// kill -9, a power cut or a zombie — so no stale pid, reused pid or old pid of our own can keep
// the kiosk from starting. The pid written beside it only makes the refusal message helpful.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';

export const LOCK_DATABASE_NAME = 'kiosk.lock.sqlite';
/** Who holds the lock, for the refusal message only; never trusted to decide anything. */
export const LOCK_OWNER_FILE_NAME = 'kiosk.lock.owner';
/** The pid file of earlier versions: meaningless now, removed once the real lock is held. */
const LEGACY_PID_LOCK_FILE_NAME = 'kiosk.lock';

export interface DataDirLock {
  release(): void;
}

function describeOwner(dataDir: string): string {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_OWNER_FILE_NAME), 'utf8')) as { pid?: unknown; command?: unknown; since?: unknown };
    return `process ${String(owner.pid)} (${String(owner.command)}, since ${String(owner.since)})`;
  } catch {
    return 'another process';
  }
}

/** `core`, `queue flush`…: the budayang command words of this process, for the message. */
function commandWords(): string {
  const words: string[] = [];
  for (const arg of process.argv.slice(2)) {
    if (arg.startsWith('-') || words.length === 2) break;
    words.push(arg);
  }
  return words.join(' ') || path.basename(process.argv[1] ?? 'node');
}

/**
 * Takes the lock or says who holds it. Never waits: a second opener (a CLI command beside a
 * running core) gets a clear refusal at once.
 */
export function acquireDataDirLock(dataDir: string): Result<DataDirLock, string> {
  const file = path.join(dataDir, LOCK_DATABASE_NAME);
  let db: Database.Database | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(file, { timeout: 0 });
    fs.chmodSync(file, 0o600);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = MEMORY'); // its content does not matter; no journal file beside it
    // The first write takes the EXCLUSIVE lock; in this locking mode it is kept until close.
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)');
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ?, ?)').run(process.pid, new Date().toISOString());
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return err(`the data directory ${dataDir} is in use by ${describeOwner(dataDir)}: a running kiosk core or another budayang command; stop it first`);
    }
    return err(`cannot take the lock ${file}: ${(e as Error).message}`);
  }
  const ownerFile = path.join(dataDir, LOCK_OWNER_FILE_NAME);
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, command: commandWords(), since: new Date().toISOString() }), { mode: 0o600 });
  fs.rmSync(path.join(dataDir, LEGACY_PID_LOCK_FILE_NAME), { force: true });
  const held = db;
  let released = false;
  return ok({
    release() {
      if (released) return;
      released = true;
      held.close(); // closing the connection drops the OS lock
    },
  });
}
