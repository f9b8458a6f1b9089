// Classifies SQLite failures into the few cases the kiosk reacts to differently, with a message a
// technician can act on. Disk full is a known failure (a Result), not a crash.
import { err, ok, type Result } from '../../../src-common/result';

/** A storage failure, by what the kiosk should do about it. */
export type StorageError =
  // the disk (or the page limit) is full: refuse new work, keep everything already written
  | { readonly kind: 'diskFull'; readonly message: string }
  // the file is not a database or fails its integrity check: it was moved aside
  | { readonly kind: 'corrupt'; readonly message: string; readonly movedTo?: string }
  // written by a newer app version: refuse to touch it
  | { readonly kind: 'newerVersion'; readonly message: string }
  // another process holds the data directory
  | { readonly kind: 'locked'; readonly message: string }
  // anything else (I/O error, constraint bug): logged with its code
  | { readonly kind: 'other'; readonly message: string; readonly code?: string };

export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function classifySqliteError(e: unknown, action: string): StorageError {
  const code = sqliteCode(e) ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  if (code.startsWith('SQLITE_FULL')) {
    return { kind: 'diskFull', message: `${action} refused: the kiosk's storage is full (${code}); nothing already recorded was lost. Free disk space or call a technician.` };
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return { kind: 'corrupt', message: `${action} failed: the database file is damaged (${code}: ${detail})` };
  }
  return { kind: 'other', message: `${action} failed: ${code || 'error'}: ${detail}`, ...(code ? { code } : {}) };
}

/** Runs a write and turns SQLite failures into a StorageError; other exceptions are bugs and rethrow. */
export function tryWrite<T>(action: string, write: () => T): Result<T, StorageError> {
  try {
    return ok(write());
  } catch (e) {
    if (sqliteCode(e)?.startsWith('SQLITE_')) return err(classifySqliteError(e, action));
    throw e;
  }
}
