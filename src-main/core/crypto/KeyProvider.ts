// Where the key that encrypts PII at rest comes from (design.md §6). Electron's main process can
// hand the core a `safeStorage`-backed seam; the browser shell uses a 0600 key file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../src-common/result';

export const DATA_KEY_BYTES = 32;

export interface KeyProvider {
  /** Human-readable, for logs and diagnostics (`keyFile`, `safeStorage`). */
  readonly kind: string;
  /** The 256-bit data key, created on first use. */
  loadOrCreateKey(): Result<Buffer, string>;
}

/** The subset of Electron's `safeStorage` the core needs (passed across the process seam). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
}

function readOrCreate(file: string, create: () => Buffer, decode: (raw: Buffer) => Buffer): Result<Buffer, string> {
  try {
    if (fs.existsSync(file)) {
      const key = decode(fs.readFileSync(file));
      return key.length === DATA_KEY_BYTES ? ok(key) : err(`data key in ${file} has ${key.length} bytes, expected ${DATA_KEY_BYTES}`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const stored = create();
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, stored, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return ok(decode(fs.readFileSync(file)));
  } catch (e) {
    return err(`cannot load the data key ${file}: ${(e as Error).message}`);
  }
}

/** A raw 32-byte key in a file readable only by the kiosk user (browser shell, CLI, tests). */
export function fileKeyProvider(dataDir: string): KeyProvider {
  const file = path.join(dataDir, 'data.key');
  return {
    kind: 'keyFile',
    loadOrCreateKey: () => readOrCreate(file, () => crypto.randomBytes(DATA_KEY_BYTES), (raw) => raw),
  };
}

/** The data key wrapped by the OS keystore through Electron `safeStorage` (DPAPI, Keychain, libsecret). */
export function safeStorageKeyProvider(dataDir: string, safeStorage: SafeStorageLike): KeyProvider {
  const file = path.join(dataDir, 'data.key.safe');
  return {
    kind: 'safeStorage',
    loadOrCreateKey: () => {
      if (!safeStorage.isEncryptionAvailable()) return err('safeStorage encryption is not available on this machine');
      return readOrCreate(
        file,
        () => safeStorage.encryptString(crypto.randomBytes(DATA_KEY_BYTES).toString('base64')),
        (raw) => Buffer.from(safeStorage.decryptString(raw), 'base64'),
      );
    },
  };
}
