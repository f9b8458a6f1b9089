// Opens what the outbox and sync need from a data directory: the database (with the one-writer
// lock), the PII cipher, the outbox and the kiosk identity. Shared by the core module and the
// CLI commands that work in-process when no core is running.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { fileKeyProvider, type KeyProvider } from '../crypto/KeyProvider';
import { PiiCipher } from '../crypto/PiiCipher';
import { KioskIdentity } from '../identity/KioskIdentity';
import { Outbox } from '../outbox/Outbox';
import type { Clock } from '../outbox/outboxTypes';
import { DATABASE_FILE_NAME, openKioskDatabase } from '../storage/openKioskDatabase';

export interface SyncStack {
  readonly db: Database.Database;
  readonly outbox: Outbox;
  readonly identity: KioskIdentity;
  readonly cipher: PiiCipher;
  close(): void;
}

export interface OpenSyncStackOptions {
  readonly dataDir: string;
  readonly log: Logger;
  readonly keyProvider?: KeyProvider;
  readonly clock?: Clock;
  readonly random?: () => number;
}

function cipherFor(options: OpenSyncStackOptions): Result<PiiCipher, string> {
  const key = (options.keyProvider ?? fileKeyProvider(options.dataDir)).loadOrCreateKey();
  return key.ok ? ok(new PiiCipher(key.value)) : key;
}

/** Opens for writing: takes the data-directory lock, runs migrations, recovers in-flight jobs' state lazily (the engine does). */
export function openSyncStack(options: OpenSyncStackOptions): Result<SyncStack, string> {
  const opened = openKioskDatabase({ dataDir: options.dataDir });
  if (!opened.ok) return err(opened.error.message);
  const cipher = cipherFor(options);
  if (!cipher.ok) {
    opened.value.close();
    return cipher;
  }
  const db = opened.value.db;
  const identity = KioskIdentity.loadOrCreate(db, cipher.value);
  if (!identity.ok) {
    opened.value.close();
    return identity;
  }
  const outbox = new Outbox({ db, cipher: cipher.value, log: options.log.child('outbox'), ...(options.clock ? { clock: options.clock } : {}), ...(options.random ? { random: options.random } : {}) });
  return ok({ db, outbox, identity: identity.value, cipher: cipher.value, close: () => opened.value.close() });
}

/**
 * Opens read-only beside a running core (which holds the lock): for status only. Nothing is
 * written, so the one-writer rule holds.
 */
export function openSyncStackReadOnly(options: OpenSyncStackOptions): Result<Pick<SyncStack, 'outbox' | 'close'>, string> {
  const file = path.join(options.dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) return err(`no kiosk database in ${options.dataDir}`);
  const cipher = cipherFor(options);
  if (!cipher.ok) return cipher;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const outbox = new Outbox({ db, cipher: cipher.value, log: options.log.child('outbox') });
  return ok({ outbox, close: () => db.close() });
}
