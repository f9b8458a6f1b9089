// The browser shell's releases end to end (issue #14 items 5–6, the done-when; ADR 0020), as a new
// user would do it: the release builder (`npm run release`) makes signed browser-shell releases;
// `budayang admin publish-release` uploads them to a real platform over HTTP; a kiosk installed
// with `budayang install-release` and run by `budayang launch` (real processes: launcher, browser
// shell, core) is told by an `app` rollout, downloads and verifies the tarball, installs it in its
// maintenance window and reports the new version; a release whose core exits at start is rolled
// back by the launcher's boot counter and reported as a crash loop, its rollout aborted; a
// tampered tarball is refused and nothing is switched. The tarballs leave node_modules out
// (`--node-modules none`): the install root's node_modules (a link to the checkout's) serves
// every version, which keeps this test to seconds of packing (docs/release.md).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_UPDATE_RESULT_KIND } from '../../../src-common/wire/appUpdateEvents';
import { CURRENT_LINK, readInstallState } from '../../../src-main/core/updates/versionedInstall';
import { buildBrowserShellRelease, type BuiltRelease } from '../../../scripts/release';
import { ADMIN_TOKEN, provisionDataDir, removeTempDirs, startFleetPlatform, tempDir, until, type FleetPlatform } from '../fleet/support/fleetCore';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'budayang.mjs');
const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
  removeTempDirs();
});

/** A production profile without devices, heartbeats every 5 s, always inside its maintenance window. */
function writeSite(dir: string, dataDir: string, installRoot: string): string {
  const profile = path.join(dir, 'kiosk.json');
  fs.writeFileSync(
    profile,
    JSON.stringify({
      configId: 'release-test-1',
      mode: 'production',
      kiosk: { code: 'TEST01', hallName: { zh: '测试大厅', en: 'Test Hall' }, level: 'village', regionCode: '420200' },
      devices: [],
      sync: { heartbeatSeconds: 5 },
      maintenanceWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }],
    }),
  );
  const site = path.join(dir, 'site.json');
  fs.writeFileSync(site, JSON.stringify({ profile, dataDir, installRoot }));
  return site;
}

/** The environment without BUDAYANG_DATA: a packaged kiosk's data directory is its site config's. */
function withoutDataDir(): NodeJS.ProcessEnv {
  const { BUDAYANG_DATA: _dataDir, ...env } = process.env;
  return env;
}

/** Runs the CLI as its own process (asynchronously: the platform answers from this process). */
function cli(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BUDAYANG_DATA: tempDir('cli') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `budayang admin publish-release` against the platform; returns the release number. */
async function publish(platform: FleetPlatform, release: BuiltRelease): Promise<number> {
  const run = await cli(['admin', 'publish-release', '--platform', platform.server.url, '--token', ADMIN_TOKEN, '--version', release.version, ...release.files, '--json']);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { release: number }).release;
}

describe('browser-shell releases (the done-when of issue #14)', () => {
  it('a signed release is served, installed in the window and runs; a crash-looping one rolls back by itself; a tampered one is refused', { timeout: 300_000 }, async () => {
    const platform = await startFleetPlatform();
    open.push(() => platform.close());
    const out = tempDir('release');
    const build = (version: string, patchStaged?: (dir: string) => void) => buildBrowserShellRelease({ signingKey: platform.key, version, outDir: path.join(out, version), nodeModules: 'none', log: () => undefined, ...(patchStaged ? { patchStaged } : {}) });
    const first = await build('0.1.0');
    const good = await build('0.2.0');
    // Its core exits as it starts, every time: the shell, then the launcher, see it die.
    const crashing = await build('0.3.0', (dir) => {
      const bin = path.join(dir, 'bin', 'budayang.mjs');
      fs.writeFileSync(bin, fs.readFileSync(bin, 'utf8').replace("import fs from 'node:fs';", "import fs from 'node:fs';\nif (process.argv[2] === 'core') process.exit(70);"));
    });
    const tampered = await build('0.4.0');
    // Changed after signing: the manifest and both signatures still name the original bytes.
    const bytes = fs.readFileSync(tampered.tarball);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(tampered.tarball, bytes);
    expect(first.files.map((f) => path.basename(f))).toEqual(['budayang-0.1.0-browser-shell.tar.gz', 'budayang-0.1.0-browser-shell.tar.gz.sig', 'latest-browser-shell.yml', 'latest-browser-shell.yml.sig']);

    // The kiosk: provisioned, its first version installed by the technician, run by the launcher.
    const dataDir = tempDir('kiosk');
    const kioskId = await provisionDataDir(dataDir, platform);
    const installRoot = tempDir('install');
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(installRoot, 'node_modules'));
    const installed = await cli(['install-release', '--install-root', installRoot, first.tarball]);
    expect(installed.stdout).toContain('current → 0.1.0');
    const site = writeSite(tempDir('site'), dataDir, installRoot);
    let output = '';
    const launcher: ChildProcess = spawn(process.execPath, [path.join(installRoot, CURRENT_LINK, 'bin', 'budayang.mjs'), 'launch', '--install-root', installRoot, '--headless', '--max-starts', '2', '--window-seconds', '120'], {
      env: { ...withoutDataDir(), BUDAYANG_SITE_CONFIG: site, BUDAYANG_APP_UPDATE_POLL_MS: '500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    open.push(async () => {
      if (launcher.exitCode === null) launcher.kill('SIGTERM');
      await exited;
    });
    const reported = async (version: string) => (await platform.lastHeartbeat(kioskId))?.versions.app === version;
    const results = () => platform.events(APP_UPDATE_RESULT_KIND);
    const current = () => path.basename(fs.readlinkSync(path.join(installRoot, CURRENT_LINK)));
    const step = async (what: string, check: () => boolean | Promise<boolean>) => {
      try {
        await until(check, 90_000, what);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n--- launcher output ---\n${output.slice(-6000)}`);
      }
    };
    await step('the kiosk running 0.1.0 to report', () => reported('0.1.0'));

    // A good release: published, rolled out, installed at the safe point, switched, healthy, reported.
    const goodRollout = await platform.rollout({ kind: 'app', version: await publish(platform, good), target: { kioskIds: [kioskId] }, rings: [{ kiosks: 1 }], soakSeconds: 0 });
    await step('the applied result of 0.2.0', async () => (await results()).some((r) => r.outcome === 'applied' && r.version === '0.2.0'));
    await step('the kiosk reporting 0.2.0', () => reported('0.2.0'));
    expect(current()).toBe('0.2.0');
    expect((await results()).find((r) => r.version === '0.2.0')).toMatchObject({ outcome: 'applied', previousVersion: '0.1.0' });
    expect(readInstallState(installRoot).trial).toBeNull();
    expect(fs.readdirSync(path.join(installRoot, 'versions')).sort()).toEqual(['0.1.0', '0.2.0']);
    await step('the first rollout to complete', async () => (await platform.status(goodRollout.rolloutId)).state === 'completed');

    // A release whose core dies at every start: the launcher counts the starts and goes back by itself.
    const crashRollout = await platform.rollout({ kind: 'app', version: await publish(platform, crashing), target: { kioskIds: [kioskId] }, rings: [{ kiosks: 1 }], soakSeconds: 0 });
    await step('the crash-loop result of 0.3.0', async () => (await results()).some((r) => r.version === '0.3.0'));
    expect((await results()).find((r) => r.version === '0.3.0')).toMatchObject({ outcome: 'rolledBack', reason: 'crashLoop', previousVersion: '0.2.0' });
    expect(current()).toBe('0.2.0');
    expect(output).toContain('launch: rolled back 0.3.0 → 0.2.0');
    await step('the crash-looping rollout to abort', async () => (await platform.status(crashRollout.rolloutId)).state === 'aborted');
    await step('the kiosk reporting 0.2.0 again', () => reported('0.2.0'));

    // A tampered tarball: refused before anything is unpacked or switched, and reported.
    const tamperedRollout = await platform.rollout({ kind: 'app', version: await publish(platform, tampered), target: { kioskIds: [kioskId] }, rings: [{ kiosks: 1 }], soakSeconds: 0 });
    await step('the refusal of 0.4.0', async () => (await results()).some((r) => r.version === '0.4.0'));
    expect((await results()).find((r) => r.version === '0.4.0')).toMatchObject({ outcome: 'refused', reason: 'digestMismatch', previousVersion: '0.2.0', detail: expect.stringContaining('budayang-0.4.0-browser-shell.tar.gz') });
    await step('the tampered rollout to abort', async () => (await platform.status(tamperedRollout.rolloutId)).state === 'aborted');
    expect(current()).toBe('0.2.0');
    expect(fs.existsSync(path.join(installRoot, 'versions', '0.4.0'))).toBe(false);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
