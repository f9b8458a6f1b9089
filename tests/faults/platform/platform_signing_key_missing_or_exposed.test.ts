// The fleet signing key lives in a file outside the platform's database (docs/fleet.md, "Keys").
// Every instance given the same file signs as one platform; a platform on a PostgreSQL server
// without one refuses to start (its instances would each sign with a key of their own); a file
// that is missing, readable by others, or not an Ed25519 key is refused with the reason.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformServer, type PlatformServer } from '../../../platform/server/createPlatformServer';
import { main } from '../../../src-main/cli/main';
import { PassThrough } from 'node:stream';
import { tempDir } from '../../integration/sync/support/syncHarness';

const open: PlatformServer[] = [];
afterEach(async () => {
  for (const platform of open.splice(0)) await platform.close();
});

async function keygen(): Promise<{ file: string; publicKey: string }> {
  const dir = path.join(tempDir('keys'), 'officer');
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  expect(await main(['admin', 'keygen', '--out', dir, '--json'], { stdout, stderr: stdout })).toBe(0);
  const made = JSON.parse(out) as { privateKeyFile: string; publicKey: string };
  return { file: made.privateKeyFile, publicKey: made.publicKey };
}

describe('the fleet signing key file', () => {
  it('is what two platforms given the same file sign with, and what kiosks pin', async () => {
    const key = await keygen();
    const a = await createPlatformServer({ dataDir: tempDir('platform-a'), signingKeyFile: key.file, rolloutTickMs: 0 });
    open.push(a);
    const b = await createPlatformServer({ dataDir: tempDir('platform-b'), signingKeyFile: key.file, rolloutTickMs: 0 });
    open.push(b);
    expect(a.adminPublicKey).toBe(key.publicKey);
    expect(b.adminPublicKey).toBe(key.publicKey);
  });

  it('is required on a PostgreSQL server, before the database is even reached', async () => {
    await expect(createPlatformServer({ dataDir: tempDir('platform'), databaseUrl: 'postgres://127.0.0.1:1/none' })).rejects.toThrow(/needs --signing-key FILE \(the same file on every instance/);
  });

  it('is refused when missing, readable by others, or not an Ed25519 key', async () => {
    const dir = tempDir('bad-keys');
    await expect(createPlatformServer({ dataDir: tempDir('platform'), signingKeyFile: path.join(dir, 'nope.pem') })).rejects.toThrow(/cannot be read \(ENOENT\); create one with: budayang admin keygen/);

    const exposed = await keygen();
    fs.chmodSync(exposed.file, 0o644);
    await expect(createPlatformServer({ dataDir: tempDir('platform'), signingKeyFile: exposed.file })).rejects.toThrow(/readable by other users \(mode 644\); chmod 600/);

    const rsa = path.join(dir, 'rsa.pem');
    fs.writeFileSync(rsa, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    await expect(createPlatformServer({ dataDir: tempDir('platform'), signingKeyFile: rsa })).rejects.toThrow(/holds a rsa key; the fleet key is Ed25519/);
  });
});
