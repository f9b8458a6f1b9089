// The browser shell's installer in the core (ADR 0020): the tarball the signed manifest names is
// checked — its sha512 against the manifest, its own detached signature against the fleet
// keyring — before anything is written; a tarball that fails is refused (never unpacked, nothing
// switched), a network failure is only "try again later"; install switches and asks for a
// restart; the health gate's pass ends the trial.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAdminKey } from '../../../src-main/core/fleet/fleetKeys';
import { pinKeys } from '../../../src-main/core/fleet/keyring';
import type { AppInstallerAnswers } from '../../../src-main/core/updates/appUpdateModule';
import { signReleaseFile } from '../../../src-main/core/updates/releaseSignature';
import { activateFirstVersion, currentVersion, readInstallState, unpackRelease, versionDir } from '../../../src-main/core/updates/versionedInstall';
import { versionedInstaller } from '../../../src-main/core/updates/versionedInstaller';
import { releaseTarball, removeTempRoots, tempRoot } from './support/installRoots';

afterEach(removeTempRoots);

const officer = generateAdminKey().key;
const stranger = generateAdminKey().key;
const keyring = pinKeys([], [{ publicKey: officer.publicKey, source: 'profile' }], '2026-12-05T00:00:00.000Z').keyring;
const feedUrl = 'http://platform.test/v1/releases/1.1.0/';
const NAME = 'budayang-1.1.0-browser-shell.tar.gz';

type Outcome = { kind: 'downloaded'; path: string } | { kind: 'failed'; reason: string; detail: string };

/** An installer over a root on 1.0.0, a fake platform serving `served`, and its answers as a promise. */
function setup(served: Record<string, Uint8Array | 'down'>) {
  const root = tempRoot();
  unpackRelease(root, '1.0.0', releaseTarball('1.0.0'));
  activateFirstVersion(root, '1.0.0');
  const restarts: string[] = [];
  const fetchFake = (async (url: string | URL) => {
    const body = served[String(url)];
    if (body === 'down') throw new TypeError('fetch failed');
    return body === undefined ? new Response('no', { status: 404 }) : new Response(new Uint8Array(body));
  }) as typeof fetch;
  const installer = versionedInstaller({ root, requestRestart: (r) => restarts.push(r), fetch: fetchFake, log: () => undefined });
  let settle: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const answers: AppInstallerAnswers = { downloaded: (_v, p) => settle({ kind: 'downloaded', path: p }), downloadFailed: (_v, reason, detail) => settle({ kind: 'failed', reason, detail }) };
  installer.connect(answers, { keyring: () => keyring });
  return { root, installer, outcome, restarts };
}

function release(bytes: Buffer, signer = officer, sha512 = crypto.createHash('sha512').update(bytes).digest('base64')) {
  return {
    served: { [`${feedUrl}${NAME}`]: bytes, [`${feedUrl}${NAME}.sig`]: Buffer.from(JSON.stringify(signReleaseFile(NAME, bytes, signer))) } as Record<string, Uint8Array | 'down'>,
    offered: { version: '1.1.0', files: [{ url: NAME, sha512 }], feedUrl },
  };
}

describe('the browser shell installer', () => {
  it('downloads, verifies and unpacks a signed release; install switches and asks for a restart; the gate ends the trial', async () => {
    const tarball = fs.readFileSync(releaseTarball('1.1.0'));
    const { served, offered } = release(tarball);
    const { root, installer, outcome, restarts } = setup(served);
    installer.download(offered);
    expect(await outcome).toEqual({ kind: 'downloaded', path: versionDir(root, '1.1.0') });
    expect(currentVersion(root)).toBe('1.0.0');
    installer.install('1.1.0');
    expect(currentVersion(root)).toBe('1.1.0');
    expect(restarts).toEqual(['app release 1.1.0 installed']);
    expect(installer.runningInstall()).toMatchObject({ version: '1.1.0', path: versionDir(root, '1.1.0') });
    installer.committed?.('1.1.0');
    expect(readInstallState(root).trial).toBeNull();
    expect(fs.existsSync(path.join(root, 'downloads', NAME))).toBe(false);
  });

  it('refuses a tarball changed after signing (digestMismatch) and unpacks nothing', async () => {
    const tarball = fs.readFileSync(releaseTarball('1.1.0'));
    const { served, offered } = release(tarball);
    const changed = Buffer.from(tarball);
    changed[changed.length - 10] = changed[changed.length - 10]! ^ 0xff;
    served[`${feedUrl}${NAME}`] = changed;
    const { root, installer, outcome } = setup(served);
    installer.download(offered);
    expect(await outcome).toMatchObject({ kind: 'failed', reason: 'digestMismatch', detail: expect.stringContaining(NAME) });
    expect(fs.readdirSync(path.join(root, 'versions'))).toEqual(['1.0.0']);
  });

  it('refuses a tarball signed by a key the kiosk does not pin, and one without its signature', async () => {
    const tarball = fs.readFileSync(releaseTarball('1.1.0'));
    const foreign = setup(release(tarball, stranger).served);
    foreign.installer.download(release(tarball, stranger).offered);
    expect(await foreign.outcome).toMatchObject({ kind: 'failed', reason: 'unknownKey' });
    const { served, offered } = release(tarball);
    delete served[`${feedUrl}${NAME}.sig`];
    const unsigned = setup(served);
    unsigned.installer.download(offered);
    expect(await unsigned.outcome).toMatchObject({ kind: 'failed', reason: 'malformedSignature' });
    expect(fs.readdirSync(path.join(unsigned.root, 'versions'))).toEqual(['1.0.0']);
  });

  it('a platform that cannot be reached is a download failure to try again, not a refusal', async () => {
    const { served, offered } = release(fs.readFileSync(releaseTarball('1.1.0')));
    served[`${feedUrl}${NAME}`] = 'down';
    const { installer, outcome } = setup(served);
    installer.download(offered);
    expect(await outcome).toMatchObject({ kind: 'failed', reason: 'downloadFailed' });
  });

  it('a signed tarball that holds another version is not unpacked under this one', async () => {
    const tarball = fs.readFileSync(releaseTarball('1.1.0', { claims: '9.9.9' }));
    const { served, offered } = release(tarball);
    const { root, installer, outcome } = setup(served);
    installer.download(offered);
    expect(await outcome).toMatchObject({ kind: 'failed', reason: 'downloadFailed', detail: expect.stringContaining('names 9.9.9') });
    expect(fs.readdirSync(path.join(root, 'versions'))).toEqual(['1.0.0']);
  });
  it('a switch that fails (the unpacked folder vanished) still restarts, so the old version boots and reports the install failed', () => {
    const { root, installer, restarts } = setup({});
    installer.install('1.1.0');
    expect(currentVersion(root)).toBe('1.0.0');
    expect(restarts).toEqual(['app release 1.1.0 installed']);
  });
  it('goes back to the kept previous version when the health gate fails, and restarts into it', async () => {
    const tarball = fs.readFileSync(releaseTarball('1.1.0'));
    const { served, offered } = release(tarball);
    const { root, installer, outcome, restarts } = setup(served);
    const previous = installer.runningInstall()!;
    installer.download(offered);
    await outcome;
    installer.install('1.1.0');
    installer.rollBack(previous);
    expect(currentVersion(root)).toBe('1.0.0');
    expect(readInstallState(root).trial).toBeNull();
    expect(restarts).toEqual(['app release 1.1.0 installed', 'back to app release 1.0.0']);
  });
});
