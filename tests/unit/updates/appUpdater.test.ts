// The kiosk's app-update decisions end to end over fake ports: a signed release offered only when
// the fleet names it, installed only at the safe point inside the maintenance window, the health
// gate after the restart, a failing version reported and rolled back with the kept installer, a
// crash loop rolled back by boot counting, a tampered manifest refused and never retried.
import { describe, expect, it } from 'vitest';
import type { AppUpdateResultPayload } from '../../../src-common/wire/appUpdateEvents';
import { ok } from '../../../src-common/result';
import { generateAdminKey } from '../../../src-main/core/fleet/fleetKeys';
import { pinKeys } from '../../../src-main/core/fleet/keyring';
import type { SafePointQuery } from '../../../src-main/core/fleet/SafePoint';
import { type AppUpdateState, initialAppUpdateState, keepInstaller } from '../../../src-main/core/updates/appUpdateState';
import { AppUpdater, type OfferedRelease } from '../../../src-main/core/updates/AppUpdater';
import { signReleaseFile } from '../../../src-main/core/updates/releaseSignature';
import { manifestText, sha512Of } from './support/releaseFixtures';

const feedUrl = 'http://platform.test/updates/ring-0/';
const officer = generateAdminKey().key;
const keyring = pinKeys([], [{ publicKey: officer.publicKey, source: 'profile' }], '2026-12-05T00:00:00.000Z').keyring;

/** One kiosk: its durable state survives "restarts" (new AppUpdater over the same store). */
function kiosk(options: { running?: string; files?: Record<string, string>; state?: AppUpdateState } = {}) {
  const world = {
    state: options.state ?? initialAppUpdateState(),
    files: { ...(options.files ?? {}) } as Record<string, string>,
    desired: undefined as string | undefined,
    busy: [] as string[],
    window: false,
    shell: [] as string[],
    offered: [] as OfferedRelease[],
    outbox: [] as AppUpdateResultPayload[],
    fetched: [] as string[],
    nextId: 1,
    running: options.running ?? '1.0.0',
    clock: Date.parse('2026-12-05T18:30:00.000Z'),
  };
  const make = () =>
    new AppUpdater({
      runningVersion: world.running,
      manifestFile: 'latest-linux.yml',
      feedUrl: () => feedUrl,
      fetchFile: async (url) => {
        world.fetched.push(url);
        const text = world.files[url.slice(feedUrl.length)];
        return ok(text === undefined ? undefined : Buffer.from(text, 'utf8'));
      },
      keyring: () => keyring,
      desiredVersion: () => world.desired,
      safePoint: {
        check: (query?: SafePointQuery) => {
          const busy = [...world.busy, ...(query?.inMaintenanceWindow && !query.inMaintenanceWindow() ? ['outside the maintenance window'] : [])];
          return busy.length === 0 ? { safe: true } : { safe: false, busy };
        },
      },
      inMaintenanceWindow: () => world.window,
      shell: {
        download: (release) => {
          world.offered.push(release);
          world.shell.push(`download ${release.version}`);
        },
        install: (version) => world.shell.push(`install ${version}`),
        rollBack: (installer) => world.shell.push(`rollBack ${installer.version} ${installer.path}`),
      },
      store: { read: () => world.state, write: (s) => (world.state = structuredClone(s)) },
      report: (results) => world.outbox.push(...results),
      baseline: () => ({ availableServices: ['pay'], platformOnline: true }),
      gate: { maxBoots: 2, gateSeconds: 60 },
      now: () => new Date(world.clock),
      newResultId: () => `r${world.nextId++}`,
      log: () => undefined,
    });
  return { world, make };
}

function signedRelease(version: string, key = officer): Record<string, string> {
  const text = manifestText(version);
  return { 'latest-linux.yml': text, 'latest-linux.yml.sig': JSON.stringify(signReleaseFile('latest-linux.yml', Buffer.from(text, 'utf8'), key)) };
}

/** The 1.0.0 installer kept when 1.0.0 was installed as an update: the way back. */
const withPreviousInstaller = keepInstaller(initialAppUpdateState(), { version: '1.0.0', path: '/data/updates/installers/1.0.0/Budayang-1.0.0.AppImage', keptAt: '2026-11-01T00:00:00.000Z' }).state;

describe('app updater', () => {
  it('fetches nothing while no rollout names a version for this kiosk', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    await make().tick();
    expect(world.fetched).toEqual([]);
    expect(world.shell).toEqual([]);
  });

  it('offers the signed release named by the rollout, and installs it only at a safe point inside the window', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0'), state: withPreviousInstaller });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    expect(world.offered).toEqual([{ version: '1.1.0', files: [{ url: 'Budayang-1.1.0.AppImage', sha512: sha512Of('1.1.0') }], feedUrl }]);
    updater.downloaded('1.1.0', '/data/updates/installers/1.1.0/Budayang-1.1.0.AppImage');
    expect(world.state.installers.map((i) => i.version)).toEqual(['1.0.0', '1.1.0']);

    world.window = true;
    world.busy = ['session'];
    await updater.tick();
    world.busy = [];
    world.window = false;
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0']);

    world.window = true;
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0', 'install 1.1.0']);
    expect(world.state.trial).toMatchObject({ version: '1.1.0', fromVersion: '1.0.0', boots: 0, baseline: { availableServices: ['pay'], platformOnline: true } });
    expect(updater.current()).toEqual({ kind: 'installing', version: '1.1.0' });
  });

  it('offers the release again when the shell never answers a download', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    world.clock += 3 * 3600_000;
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0']);
    world.clock += 1;
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0', 'download 1.1.0']);
  });

  it('after the restart runs the gate and reports the release applied', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0'), state: withPreviousInstaller });
    world.desired = '1.1.0';
    world.window = true;
    const before = make();
    await before.tick();
    before.downloaded('1.1.0', '/i/1.1.0');
    await before.tick();

    world.running = '1.1.0';
    const after = make();
    expect(after.boot()).toEqual({ gate: true });
    after.gateDecided({ healthy: true });
    after.flushResults();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'applied', version: '1.1.0', previousVersion: '1.0.0' })]);
    expect(world.state.trial).toBeNull();
    expect(world.state.unreported).toEqual([]);
    // Running the desired version: nothing more to do.
    await after.tick();
    expect(world.shell).toEqual(['download 1.1.0', 'install 1.1.0']);
  });

  it('a version failing its gate is reported, rolled back with the kept installer, and never offered again', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0'), state: withPreviousInstaller });
    world.desired = '1.1.0';
    world.window = true;
    const before = make();
    await before.tick();
    before.downloaded('1.1.0', '/i/1.1.0');
    await before.tick();

    world.running = '1.1.0';
    const after = make();
    after.boot();
    after.gateDecided({ healthy: false, failing: ['service fees unavailable (printerOffline)'] });
    expect(world.shell.at(-1)).toBe('rollBack 1.0.0 /data/updates/installers/1.0.0/Budayang-1.0.0.AppImage');
    after.flushResults();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'healthGate', version: '1.1.0', previousVersion: '1.0.0', detail: expect.stringContaining('printerOffline') })]);

    // The previous version boots: the trial closes without a second result; 1.1.0 is not offered again.
    world.running = '1.0.0';
    const back = make();
    expect(back.boot()).toEqual({ gate: false });
    await back.tick();
    expect(world.state.trial).toBeNull();
    expect(world.outbox).toHaveLength(1);
    expect(world.fetched.filter((u) => u.endsWith('.yml'))).toHaveLength(1);
  });

  it('rolls back a version that crash-loops: the boot after the allowed ones goes back by itself', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0'), state: withPreviousInstaller });
    world.desired = '1.1.0';
    world.window = true;
    const before = make();
    await before.tick();
    before.downloaded('1.1.0', '/i/1.1.0');
    await before.tick();

    world.running = '1.1.0';
    expect(make().boot()).toEqual({ gate: true }); // boot 1, then it crashes before the gate decides
    expect(make().boot()).toEqual({ gate: true }); // boot 2, crashes again
    expect(make().boot()).toEqual({ gate: false }); // boot 3: over the limit
    expect(world.shell.at(-1)).toBe('rollBack 1.0.0 /data/updates/installers/1.0.0/Budayang-1.0.0.AppImage');
    make().flushResults();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'crashLoop', version: '1.1.0' })]);
  });

  it('refuses a tampered manifest, reports it once and never fetches it again', async () => {
    const files = signedRelease('1.1.0');
    files['latest-linux.yml'] = files['latest-linux.yml']!.replace('size: 123456789', 'size: 123456780');
    const { world, make } = kiosk({ files });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    await updater.tick();
    expect(world.shell).toEqual([]);
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'digestMismatch', version: '1.1.0', previousVersion: '1.0.0' })]);
    expect(world.fetched).toHaveLength(2);
  });

  it('refuses a manifest signed by a key the kiosk does not pin', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0', generateAdminKey().key) });
    world.desired = '1.1.0';
    await make().tick();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'unknownKey' })]);
  });

  it('waits, without a failure, while the channel does not carry the desired version yet', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.0.5') });
    world.desired = '1.1.0';
    await make().tick();
    expect(world.shell).toEqual([]);
    expect(world.outbox).toEqual([]);
  });

  it('does not install a downloaded release whose rollout was stopped meanwhile', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    updater.downloaded('1.1.0', '/i/1.1.0');
    world.desired = undefined;
    world.window = true;
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0']);
    expect(updater.current()).toEqual({ kind: 'idle' });
  });

  it('reads no custom YAML tags from a signed manifest', async () => {
    const text = `${manifestText('1.1.0')}evil: !!js/function 'function () { return 1 }'\n`;
    const files = { 'latest-linux.yml': text, 'latest-linux.yml.sig': JSON.stringify(signReleaseFile('latest-linux.yml', Buffer.from(text, 'utf8'), officer)) };
    const { world, make } = kiosk({ files });
    world.desired = '1.1.0';
    await make().tick();
    expect(world.shell).toEqual([]);
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'invalidManifest' })]);
  });

  it('refuses what electron-updater fetched when it is not the signed release; retries after a network failure', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    updater.downloadFailed('1.1.0', 'downloadFailed', 'ECONNRESET');
    expect(world.outbox).toEqual([]);
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0', 'download 1.1.0']);
    updater.downloadFailed('1.1.0', 'notTheRelease', 'electron-updater found 1.1.1');
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'notTheRelease' })]);
  });

  it('refuses, once, a release this install cannot apply unattended (a deb)', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    updater.downloadFailed('1.1.0', 'unsupportedInstall', 'not an AppImage');
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0']);
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'unsupportedInstall' })]);
  });

  it('reports an install that did not take (the previous version boots) as rolled back', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    world.window = true;
    const updater = make();
    await updater.tick();
    updater.downloaded('1.1.0', '/i/1.1.0');
    await updater.tick();
    expect(make().boot()).toEqual({ gate: false });
    make().flushResults();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'installFailed', version: '1.1.0' })]);
  });
  it('reports a crash loop the browser shell\'s launcher undid before this core could count a boot, once', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0'), state: withPreviousInstaller });
    world.desired = '1.1.0';
    world.window = true;
    const updater = make();
    await updater.tick();
    updater.downloaded('1.1.0', '/install/versions/1.1.0');
    await updater.tick();
    // The launcher switched back to 1.0.0; its core boots and learns why.
    expect(make().boot({ version: '1.1.0', detail: '2 starts of 1.1.0 within 120 s without reaching healthy' })).toEqual({ gate: false });
    make().flushResults();
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'crashLoop', version: '1.1.0', previousVersion: '1.0.0', detail: expect.stringContaining('2 starts') })]);
    expect(world.state.trial).toBeNull();
    // Told again at the next boot (the install root not yet forgotten): no second result; never offered again.
    make().boot({ version: '1.1.0', detail: 'again' });
    make().flushResults();
    expect(world.outbox).toHaveLength(1);
    await make().tick();
    expect(world.shell).toEqual(['download 1.1.0', 'install 1.1.0']);
  });

  it('refuses a release whose browser-shell tarball fails its digest, and does not offer it again', async () => {
    const { world, make } = kiosk({ files: signedRelease('1.1.0') });
    world.desired = '1.1.0';
    const updater = make();
    await updater.tick();
    updater.downloadFailed('1.1.0', 'digestMismatch', 'budayang-1.1.0-browser-shell.tar.gz has another sha512');
    expect(world.outbox).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'digestMismatch', version: '1.1.0' })]);
    await updater.tick();
    expect(world.shell).toEqual(['download 1.1.0']);
  });
});
