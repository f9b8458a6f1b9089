// Where the key that encrypts PII at rest comes from (design.md §6): under Electron the main
// process unwraps it with `safeStorage` and hands it over; the browser shell uses a 0600 key file.
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

/** Where the Electron shell keeps the data key wrapped by the OS keystore (see src-main/shell/electron/wrappedDataKey.ts). */
export const WRAPPED_KEY_FILE_NAME = 'data.key.safe';
export const PLAIN_KEY_FILE_NAME = 'data.key';

/** A raw 32-byte key in a file readable only by the kiosk user (browser shell, CLI, tests). */
export function fileKeyProvider(dataDir: string): KeyProvider {
  const file = path.join(dataDir, PLAIN_KEY_FILE_NAME);
  return {
    kind: 'keyFile',
    loadOrCreateKey: () => {
      // A fresh key beside rows sealed with the keystore's key would make them unreadable.
      if (!fs.existsSync(file) && fs.existsSync(path.join(dataDir, WRAPPED_KEY_FILE_NAME))) {
        return err(`the data key of ${dataDir} is held by the OS keystore (Electron safeStorage); only the kiosk started by its Electron shell can open the encrypted data`);
      }
      return readOrCreate(file, () => crypto.randomBytes(DATA_KEY_BYTES), (raw) => raw);
    },
  };
}

/**
 * A key handed over by the shell that started the core (Electron: unwrapped with safeStorage
 * in the main process and sent over the utilityProcess port, never through argv or env).
 */
export function suppliedKeyProvider(key: Buffer, kind: string): KeyProvider {
  return {
    kind,
    loadOrCreateKey: () => (key.length === DATA_KEY_BYTES ? ok(Buffer.from(key)) : err(`the ${kind} data key has ${key.length} bytes, expected ${DATA_KEY_BYTES}`)),
  };
}
