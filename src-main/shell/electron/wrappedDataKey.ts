// The PII data key under Electron (design.md §6): kept on disk only wrapped by the OS keystore
// through `safeStorage` (DPAPI, Keychain, libsecret/kwallet), unwrapped in the main process and
// handed to the core over the utilityProcess port. A plain key file left by the browser shell is
// wrapped once and removed. Pure Node behind the `SafeStorageLike` seam, so it is unit-tested
// without the Electron binary.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../src-common/result';

export const DATA_KEY_BYTES = 32;
/** Same names as the core's key provider (src-main/core/crypto/KeyProvider.ts). */
export const WRAPPED_KEY_FILE_NAME = 'data.key.safe';
export const PLAIN_KEY_FILE_NAME = 'data.key';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  /** Linux only: `basic_text` means no keyring, i.e. a fixed obfuscation key, not protection. */
  getSelectedStorageBackend?(): string;
}

export type DataKeySource =
  /** Unwrapped from the keystore: the shell sends it to the core. */
  | { readonly kind: 'safeStorage'; readonly key: Buffer; readonly notes: readonly string[] }
  /** No usable keystore: the core keeps using its 0600 key file; `reason` goes to the log. */
  | { readonly kind: 'keyFile'; readonly reason: string };

function keystoreUnavailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage encryption is not available on this machine';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'no keyring (safeStorage would only obfuscate with a fixed key)';
  return undefined;
}

function unwrapKey(safeStorage: SafeStorageLike, wrapped: Buffer): Result<Buffer, string> {
  try {
    const key = Buffer.from(safeStorage.decryptString(wrapped), 'base64');
    return key.length === DATA_KEY_BYTES ? ok(key) : err(`the wrapped data key has ${key.length} bytes, expected ${DATA_KEY_BYTES}`);
  } catch (e) {
    return err(`the OS keystore could not unwrap the data key: ${(e as Error).message}`);
  }
}

/** Writes atomically (temp file + rename), 0600, in a 0700 folder. */
function writePrivate(file: string, bytes: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, bytes, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * Loads the data key of `dataDir`, creating or migrating it as needed. Never deletes a key that
 * may still be the only way to read sealed rows: the plain file goes only once the wrapped one
 * holds the same key.
 */
export function loadDataKey(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): Result<DataKeySource, string> {
  const wrappedFile = path.join(dataDir, WRAPPED_KEY_FILE_NAME);
  const plainFile = path.join(dataDir, PLAIN_KEY_FILE_NAME);
  const unavailable = keystoreUnavailable(safeStorage, platform);
  try {
    const plain = fs.existsSync(plainFile) ? fs.readFileSync(plainFile) : undefined;
    if (fs.existsSync(wrappedFile)) {
      if (unavailable) return err(`the data key of ${dataDir} is wrapped by the OS keystore, but ${unavailable}`);
      const key = unwrapKey(safeStorage, fs.readFileSync(wrappedFile));
      if (!key.ok) return key;
      const notes: string[] = [];
      if (plain?.equals(key.value)) {
        fs.rmSync(plainFile); // a migration cut short: finish it
        notes.push('removed the plain key file left by an interrupted migration');
      } else if (plain) {
        notes.push(`${plainFile} holds a different key and was left in place for a technician`);
      }
      return ok({ kind: 'safeStorage', key: key.value, notes });
    }
    if (unavailable) return ok({ kind: 'keyFile', reason: unavailable });
    if (plain && plain.length !== DATA_KEY_BYTES) return err(`${plainFile} has ${plain.length} bytes, expected ${DATA_KEY_BYTES}`);
    const key = plain ?? crypto.randomBytes(DATA_KEY_BYTES);
    writePrivate(wrappedFile, safeStorage.encryptString(key.toString('base64')));
    const check = unwrapKey(safeStorage, fs.readFileSync(wrappedFile));
    if (!check.ok || !check.value.equals(key)) return err(`the wrapped data key in ${wrappedFile} does not read back; the plain key was kept`);
    if (plain) fs.rmSync(plainFile);
    return ok({ kind: 'safeStorage', key, notes: plain ? ['wrapped the existing plain key file and removed it'] : ['created a new data key'] });
  } catch (e) {
    return err(`cannot load the data key of ${dataDir}: ${(e as Error).message}`);
  }
}
