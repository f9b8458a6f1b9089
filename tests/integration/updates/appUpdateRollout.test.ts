// App updates end to end (ADR 0016, issue #14 item 4): a real platform and a real kiosk core whose
// shell installer is a fake seam that does what electron-updater and the Electron main do —
// download each installer from the generic provider's folder, check its sha512 against the
// release the core verified, keep it, and on `install` restart the app as the new version. An
// `app` rollout to the canary makes it download and verify the signed release, install at the
// safe point inside a maintenance window, pass the health gate after the restart and report
// `applied`; a release whose manifest does not match its signature is refused and reported, and
// its rollout aborts before the next ring. The browser shell (no installer) refuses clearly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConfigInput } from '../../../kiosk-config/schema';
import { APP_UPDATE_RESULT_KIND } from '../../../src-common/wire/appUpdateEvents';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { coreModules } from '../../../src-main/core/modules';
import { HeartbeatId } from '../../../src-main/core/sync/Heartbeat';
import { SyncEngineId } from '../../../src-main/core/sync/SyncEngine';
import type { AppInstaller, AppInstallerAnswers } from '../../../src-main/core/updates/appUpdateModule';
import { AppUpdaterId, createAppUpdateModule } from '../../../src-main/core/updates/appUpdateModule';
import type { OfferedRelease } from '../../../src-main/core/updates/AppUpdater';
import { makeRelease, publishRelease } from '../../support/appRelease';
import { ADMIN_TOKEN, provisionDataDir, removeTempDirs, startFleetPlatform, tempDir, until, type FleetPlatform } from '../fleet/support/fleetCore';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
  removeTempDirs();
});

/** Always inside the window: the install waits for the safe point, not the clock. */
const ALWAYS_MAINTENANCE: Partial<KioskConfigInput> = { maintenanceWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }] };

/** The shell's side, as the Electron main and electron-updater do it, with the restart done in-process. */
class FakeInstaller implements AppInstaller {
  private answers: AppInstallerAnswers | undefined;
  readonly steps: string[] = [];
  constructor(
    private readonly dataDir: string,
    private readonly restartAs: (version: string) => void,
  ) {}
  connect(answers: AppInstallerAnswers): void {
    this.answers = answers;
  }
  download(release: OfferedRelease): void {
    this.steps.push(`download ${release.version}`);
    void (async () => {
      for (const file of release.files) {
        const bytes = Buffer.from(await (await fetch(new URL(file.url, release.feedUrl))).arrayBuffer());
        // electron-updater's own check of the download against the signed manifest's sha512.
        if (crypto.createHash('sha512').update(bytes).digest('base64') !== file.sha512) return this.answers?.downloadFailed(release.version, 'downloadFailed', 'sha512 mismatch');
        const kept = path.join(this.dataDir, 'updates', 'installers', file.url);
        fs.mkdirSync(path.dirname(kept), { recursive: true });
        fs.writeFileSync(kept, bytes);
        this.answers?.downloaded(release.version, kept);
      }
    })();
  }
  install(version: string): void {
    this.steps.push(`install ${version}`);
    // quitAndInstall: the app exits and starts again as the new version.
    setImmediate(() => this.restartAs(version));
  }
  rollBack(): void {
    this.steps.push('rollBack');
  }
}

/** A kiosk core running `version`, its installer the fake seam (or none: the browser shell). */
class Kiosk {
  core: KioskCore | undefined;
  version: string;
  restarting: Promise<void> | undefined;
  readonly installer: FakeInstaller;
  constructor(
    readonly dataDir: string,
    startVersion: string,
    private readonly withInstaller: boolean,
  ) {
    this.version = startVersion;
    this.installer = new FakeInstaller(dataDir, (version) => {
      this.restarting = (async () => {
        await this.core?.stop();
        this.core = undefined;
        this.version = version;
        await this.start();
      })();
    });
  }
  async start(): Promise<this> {
    const updates = createAppUpdateModule({ runningVersion: this.version, pollMs: 3_600_000, ...(this.withInstaller ? { installer: this.installer } : {}) });
    this.core = await createKioskCore({ dataDir: this.dataDir, profile: 'test', logger: { logDir: false }, configOverrides: ALWAYS_MAINTENANCE, modules: coreModules.map((m) => (m.name === 'appUpdates' ? updates : m)) });
    return this;
  }
  /** A heartbeat (the desired version arrives), one updater pass, and the outbox pushed. */
  async pass(): Promise<void> {
    const core = this.core!;
    await core.service(HeartbeatId)!.beat();
    await core.service(AppUpdaterId)!.tick();
    await core.service(SyncEngineId)!.flushNow();
  }
  async flush(): Promise<void> {
    await this.core?.service(SyncEngineId)!.flushNow();
  }
}

async function kioskOn(platform: FleetPlatform, version: string, withInstaller = true): Promise<{ kiosk: Kiosk; id: string }> {
  const dataDir = tempDir('kiosk');
  const id = await provisionDataDir(dataDir, platform);
  const kiosk = await new Kiosk(dataDir, version, withInstaller).start();
  open.push(async () => {
    await kiosk.restarting;
    await kiosk.core?.stop();
  });
  return { kiosk, id };
}

async function appResults(platform: FleetPlatform): Promise<Array<Record<string, unknown>>> {
  return platform.events(APP_UPDATE_RESULT_KIND);
}

describe('app updates through a rollout', () => {
  it('canary downloads, verifies, installs at the safe point, passes the gate and reports; a tampered release is refused and its rollout aborts', async () => {
    const platform = await startFleetPlatform();
    open.push(() => platform.close());
    const { kiosk: canary, id: canaryId } = await kioskOn(platform, '1.0.0');
    const otherDir = tempDir('kiosk');
    const otherId = await provisionDataDir(otherDir, platform);

    const first = await publishRelease(platform.server.url, ADMIN_TOKEN, makeRelease('1.1.0', platform.key));
    await canary.pass(); // heard from: the canary ring picks kiosks that answer
    const rollout = await platform.rollout({ kind: 'app', version: first, target: { kioskIds: [canaryId, otherId] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0 });

    // Offered after the signature verified; downloaded (sha512 checked); installed at the safe point.
    await canary.pass();
    await until(() => canary.installer.steps.includes('download 1.1.0'), 10_000, 'the download offer');
    await until(() => canary.core?.service(AppUpdaterId)?.current().kind === 'downloaded', 10_000, 'the download');
    await canary.pass();
    expect(canary.installer.steps).toEqual(['download 1.1.0', 'install 1.1.0']);
    await until(() => canary.version === '1.1.0' && canary.core !== undefined, 8_000, 'the restart as 1.1.0');
    await canary.restarting;
    // After the restart: the health gate passes and `applied` reaches the platform.
    await until(async () => {
      await canary.flush();
      return (await appResults(platform)).some((r) => r.outcome === 'applied' && r.version === '1.1.0');
    }, 8_000, 'the applied result at the platform');
    expect((await appResults(platform)).find((r) => r.outcome === 'applied')).toMatchObject({ version: '1.1.0', previousVersion: '1.0.0' });
    await until(async () => (await platform.status(rollout.rolloutId)).currentRing === 1, 10_000, 'the next ring');

    // A tampered release: the canary refuses it before any download, reports why, and the rollout aborts.
    const second = await publishRelease(platform.server.url, ADMIN_TOKEN, makeRelease('1.2.0', platform.key, { tamper: true }));
    await platform.status(rollout.rolloutId).then(async (s) => {
      // The first rollout still waits for the second kiosk (never started): cancel it to roll out the next release.
      if (s.state === 'running') await fetch(`${platform.server.url}/admin/rollouts/${s.rolloutId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    });
    const bad = await platform.rollout({ kind: 'app', version: second, target: { kioskIds: [canaryId, otherId] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0 });
    await canary.pass();
    await until(async () => {
      await canary.flush();
      return (await appResults(platform)).some((r) => r.outcome === 'refused' && r.version === '1.2.0');
    }, 8_000, 'the refusal at the platform');
    expect((await appResults(platform)).find((r) => r.version === '1.2.0')).toMatchObject({ outcome: 'refused', reason: 'digestMismatch', previousVersion: '1.1.0' });
    expect(canary.installer.steps).toEqual(['download 1.1.0', 'install 1.1.0']);
    await until(async () => (await platform.status(bad.rolloutId)).state === 'aborted', 10_000, 'the abort');
    expect((await platform.status(bad.rolloutId)).rings[1]).toMatchObject({ state: 'skipped' });
  });

  it('in the browser shell (no installer), a release named for the kiosk is refused as unsupportedInstall and reported', async () => {
    const platform = await startFleetPlatform();
    open.push(() => platform.close());
    const { kiosk, id } = await kioskOn(platform, '1.0.0', false);
    const release = await publishRelease(platform.server.url, ADMIN_TOKEN, makeRelease('1.1.0', platform.key));
    await kiosk.pass();
    const rollout = await platform.rollout({ kind: 'app', version: release, target: { kioskIds: [id] }, rings: [{ kiosks: 1 }], soakSeconds: 0 });
    await kiosk.pass();
    await until(async () => {
      await kiosk.flush();
      return (await appResults(platform)).length > 0;
    }, 8_000, 'the refusal at the platform');
    expect(await appResults(platform)).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'unsupportedInstall', version: '1.1.0', detail: expect.stringContaining('browser shell') })]);
    await until(async () => (await platform.status(rollout.rolloutId)).state === 'aborted', 10_000, 'the abort');
  });
});
