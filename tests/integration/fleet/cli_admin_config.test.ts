// The admin and config commands as an admin and a technician use them: keygen, offline signing,
// verifying a bundle against a kiosk's data directory (exit 0 or the refusal's reason), status.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { tempDir } from '../../unit/fleet/support/fleetFixtures';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) }), text: () => out };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const work = tempDir('cli');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('budayang admin / config', () => {
  it('creates a key pair once, 0600, and refuses to overwrite it', async () => {
    const made = await run(['admin', 'keygen', '--out', path.join(work, 'officer'), '--json']);
    expect(made.code).toBe(0);
    const key = JSON.parse(made.stdout);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.statSync(path.join(work, 'officer', 'admin-key.pem')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'officer', 'admin-key.pub.json'), 'utf8'))).toEqual({ keyId: key.keyId, publicKey: key.publicKey });
    const again = await run(['admin', 'keygen', '--out', path.join(work, 'officer')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/refusing to overwrite/);
  });

  it('signs a payload offline and verifies it against a kiosk data directory', async () => {
    const { publicKey } = JSON.parse(fs.readFileSync(path.join(work, 'officer', 'admin-key.pub.json'), 'utf8'));
    const payload = path.join(work, 'hours.json');
    fs.writeFileSync(payload, JSON.stringify({ openingHours: { weekly: { mon: [{ from: '08:00', to: '20:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, configId: 'village-hours-1' }));
    const out = path.join(work, 'bundle.json');
    const signed = await run(['admin', 'sign', '--key', path.join(work, 'officer', 'admin-key.pem'), '--kind', 'config', '--version', '3', '--in', payload, '--out', out]);
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(/signed config v3 with key [0-9a-f]{16}/);
    const data = path.join(work, 'kiosk');

    // A kiosk that does not pin the officer's key refuses it, naming why.
    const unknown = await run(['--data', data, 'config', 'verify', '--bundle', out, '--profile', 'test']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/refused \(unknownKey\)/);
    // Pinned (as a profile would pin it): accepted.
    const accepted = await run(['--data', data, 'config', 'verify', '--bundle', out, '--profile', 'test', '--public-key', publicKey, '--json']);
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ ok: true, kind: 'config', version: 3 });

    // One altered byte of the payload: refused.
    const bundle = JSON.parse(fs.readFileSync(out, 'utf8'));
    const tampered = path.join(work, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify({ ...bundle, payload: Buffer.from(Buffer.from(bundle.payload, 'base64').toString('utf8').replace('20:00', '23:00')).toString('base64') }));
    const refused = await run(['--data', data, 'config', 'verify', '--bundle', tampered, '--profile', 'test', '--public-key', publicKey, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, code: 'badSignature' });
  });

  it('reports usage errors with exit 2 and an empty status as JSON', async () => {
    expect((await run(['admin', 'sign', '--kind', 'config'])).code).toBe(2);
    expect((await run(['admin', 'sign', '--key', 'k', '--kind', 'policy', '--version', '1', '--in', 'a', '--out', 'b'])).stderr).toMatch(/--kind must be config or catalog/);
    expect((await run(['config', 'verify'])).code).toBe(2);
    const status = await run(['--data', path.join(work, 'empty'), 'config', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ configVersion: null, catalogVersion: null, staged: { config: null, catalog: null }, lastKnownGood: { config: null, catalog: null }, lastResult: null });
  });
});
