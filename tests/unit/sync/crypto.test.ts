import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { fileKeyProvider, suppliedKeyProvider } from '../../../src-main/core/crypto/KeyProvider';
import { PiiCipher } from '../../../src-main/core/crypto/PiiCipher';
import { tempDir } from '../../integration/sync/support/syncHarness';

describe('PII at rest', () => {
  it('seals with AES-256-GCM bound to its row, and refuses tampering or a swapped row', () => {
    const cipher = new PiiCipher(Buffer.alloc(32, 7));
    const sealed = cipher.encryptJson({ name: '王芳' }, 'row-1');
    expect(unwrap(cipher.decryptJson(sealed, 'row-1'))).toEqual({ name: '王芳' });
    expect(cipher.decrypt(sealed, 'row-2').ok).toBe(false);
    const tampered = Buffer.from(sealed);
    tampered[20] = tampered[20]! ^ 1;
    expect(cipher.decrypt(tampered, 'row-1').ok).toBe(false);
    expect(new PiiCipher(Buffer.alloc(32, 8)).decrypt(sealed, 'row-1').ok).toBe(false);
    // A fresh nonce each time: equal plaintexts do not give equal ciphertexts.
    expect(cipher.encryptJson({ name: '王芳' }, 'row-1').equals(sealed)).toBe(false);
  });

  it('keeps the browser-shell key in a 0600 file and returns the same key next time', () => {
    const dir = tempDir('key');
    const first = unwrap(fileKeyProvider(dir).loadOrCreateKey());
    expect(first.length).toBe(32);
    expect(fs.statSync(path.join(dir, 'data.key')).mode & 0o777).toBe(0o600);
    expect(unwrap(fileKeyProvider(dir).loadOrCreateKey()).equals(first)).toBe(true);
  });

  it('refuses to create a plain key beside a keystore-wrapped one (its rows would become unreadable)', () => {
    const dir = tempDir('key');
    fs.writeFileSync(path.join(dir, 'data.key.safe'), 'wrapped');
    const refused = fileKeyProvider(dir).loadOrCreateKey();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/held by the OS keystore/);
    expect(fs.existsSync(path.join(dir, 'data.key'))).toBe(false);
  });

  it('uses a key handed over by the shell as it is, and refuses one of the wrong size', () => {
    const key = Buffer.alloc(32, 3);
    expect(unwrap(suppliedKeyProvider(key, 'safeStorage').loadOrCreateKey()).equals(key)).toBe(true);
    expect(suppliedKeyProvider(Buffer.alloc(16), 'safeStorage').loadOrCreateKey().ok).toBe(false);
  });
});
