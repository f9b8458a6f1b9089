// `budayang admin keygen` then `admin sign-release` on an update manifest, run in-process: the
// .sig it writes verifies with a keyring pinning that key, and not after the manifest is edited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { pinKeys } from '../../../src-main/core/fleet/keyring';
import { verifyReleaseFile } from '../../../src-main/core/updates/releaseSignature';
import { manifestText } from '../../unit/updates/support/releaseFixtures';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }), text: () => chunks.join('') };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('budayang admin sign-release', () => {
  it('signs a manifest with an offline key; the kiosk check accepts it and refuses an edited copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-sign-release-'));
    dirs.push(dir);
    expect((await run(['--data', dir, 'admin', 'keygen', '--out', path.join(dir, 'keys')])).code).toBe(0);
    const manifest = path.join(dir, 'latest-linux.yml');
    fs.writeFileSync(manifest, manifestText('1.2.0'));

    const signed = await run(['--data', dir, 'admin', 'sign-release', '--key', path.join(dir, 'keys', 'admin-key.pem'), manifest, '--json']);
    expect(signed.code).toBe(0);
    const { publicKey, keyId } = JSON.parse(fs.readFileSync(path.join(dir, 'keys', 'admin-key.pub.json'), 'utf8')) as { publicKey: string; keyId: string };
    expect(JSON.parse(signed.stdout)).toMatchObject({ keyId, signed: [{ file: manifest, sig: `${manifest}.sig` }] });

    const keyring = pinKeys([], [{ publicKey, source: 'profile' }], new Date().toISOString()).keyring;
    const sig = fs.readFileSync(`${manifest}.sig`, 'utf8');
    expect(verifyReleaseFile('latest-linux.yml', fs.readFileSync(manifest), sig, keyring)).toEqual({ ok: true, value: { keyId } });
    fs.appendFileSync(manifest, '# edited\n');
    expect(verifyReleaseFile('latest-linux.yml', fs.readFileSync(manifest), sig, keyring)).toMatchObject({ ok: false, error: { code: 'digestMismatch' } });
  });

  it('says what is missing, and refuses an unreadable file', async () => {
    expect((await run(['admin', 'sign-release', 'x.yml'])).stderr).toMatch(/--key FILE and at least one file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-sign-release-'));
    dirs.push(dir);
    await run(['--data', dir, 'admin', 'keygen', '--out', dir]);
    const missing = await run(['admin', 'sign-release', '--key', path.join(dir, 'admin-key.pem'), path.join(dir, 'nope.yml')]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot read .*nope\.yml: ENOENT/) });
  });
});
