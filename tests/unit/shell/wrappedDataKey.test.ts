// The Electron data key: wrapped by the OS keystore through safeStorage (a fake here; the Electron
// binary is not available), migrated from a plain key file without ever losing the key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { loadDataKey, type SafeStorageLike } from '../../../src-main/shell/electron/wrappedDataKey';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-wrapped-'));

/** A keystore stand-in: AES with a key that lives only in this object (as DPAPI's lives in the OS). */
function fakeKeystore(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike & { calls: string[] } {
  const secret = crypto.randomBytes(32);
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain) => {
      calls.push('encrypt');
      const iv = crypto.randomBytes(16);
      const c = crypto.createCipheriv('aes-256-cbc', secret, iv);
      return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    },
    decryptString: (sealed) => {
      calls.push('decrypt');
      const d = crypto.createDecipheriv('aes-256-cbc', secret, sealed.subarray(0, 16));
      return Buffer.concat([d.update(sealed.subarray(16)), d.final()]).toString('utf8');
    },
    ...overrides,
  };
}

describe('the keystore-wrapped data key', () => {
  it('creates a key, stores it only wrapped (0600), and unwraps the same key next time', () => {
    const d = dir();
    const keystore = fakeKeystore();
    const first = unwrap(loadDataKey(d, keystore, 'linux'));
    expect(first.kind).toBe('safeStorage');
    if (first.kind !== 'safeStorage') return;
    const wrapped = fs.readFileSync(path.join(d, 'data.key.safe'));
    expect(wrapped.includes(first.key)).toBe(false);
    expect(wrapped.includes(Buffer.from(first.key.toString('base64')))).toBe(false);
    expect(fs.statSync(path.join(d, 'data.key.safe')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(d, 'data.key'))).toBe(false);
    const again = unwrap(loadDataKey(d, keystore, 'linux'));
    expect(again.kind === 'safeStorage' && again.key.equals(first.key)).toBe(true);
  });

  it('wraps the browser shell\'s plain key file, then removes it (the same key, so sealed rows stay readable)', () => {
    const d = dir();
    const plain = crypto.randomBytes(32);
    fs.writeFileSync(path.join(d, 'data.key'), plain, { mode: 0o600 });
    const migrated = unwrap(loadDataKey(d, fakeKeystore(), 'win32'));
    expect(migrated.kind === 'safeStorage' && migrated.key.equals(plain)).toBe(true);
    expect(fs.existsSync(path.join(d, 'data.key'))).toBe(false);
  });

  it('keeps the plain key when the wrapped copy does not read back', () => {
    const d = dir();
    const plain = crypto.randomBytes(32);
    fs.writeFileSync(path.join(d, 'data.key'), plain, { mode: 0o600 });
    const broken = fakeKeystore({ decryptString: () => 'not the key' });
    expect(loadDataKey(d, broken, 'linux').ok).toBe(false);
    expect(fs.readFileSync(path.join(d, 'data.key')).equals(plain)).toBe(true);
  });

  it('falls back to the key file without a keystore, or with Linux\'s basic_text (a fixed key is no protection)', () => {
    expect(unwrap(loadDataKey(dir(), fakeKeystore({ isEncryptionAvailable: () => false }), 'linux'))).toMatchObject({ kind: 'keyFile' });
    const basic = unwrap(loadDataKey(dir(), fakeKeystore({ getSelectedStorageBackend: () => 'basic_text' }), 'linux'));
    expect(basic).toMatchObject({ kind: 'keyFile', reason: expect.stringMatching(/no keyring/) });
  });

  it('refuses (rather than invent a new key) when the key is wrapped but the keystore is gone', () => {
    const d = dir();
    unwrap(loadDataKey(d, fakeKeystore(), 'linux'));
    const result = loadDataKey(d, fakeKeystore({ isEncryptionAvailable: () => false }), 'linux');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/wrapped by the OS keystore/);
  });
});
