// A signed config bundle on a running kiosk (real core, real platform over HTTP): staged while a
// citizen session runs, applied when it ends (the core restarts into it), health-gated and
// committed; a bundle that breaks a device (the receipt printer on a port that does not exist) is
// rolled back by the health gate; every outcome reaches the platform through the outbox.
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { fleetStatus } from '../../../src-main/core/fleet/fleetInspection';
import { fleetTestRig, provisionDataDir, RestartingCore, startFleetPlatform, tempDir, until } from './support/fleetCore';

const rig = fleetTestRig();

const VILLAGE_HOURS = {
  configId: 'village-2',
  ui: { idleWarningSeconds: 30, announcement: { zh: '本机每日 07:00–22:00 开放', en: 'Open daily 07:00–22:00' } },
  openingHours: {
    weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '07:00', to: '22:00' }]])),
    nearest24hHall: { name: { zh: '市民之家', en: 'Citizen Home' }, address: { zh: '杭州路 1 号', en: '1 Hangzhou Road' } },
  },
};

let kioskId = '';

async function startKiosk(gateSeconds = 5): Promise<RestartingCore> {
  rig.platform = await startFleetPlatform();
  const dataDir = tempDir('kiosk');
  kioskId = await provisionDataDir(dataDir, rig.platform);
  rig.kiosk = await new RestartingCore(dataDir, { fleet: { healthGateSeconds: gateSeconds } }).start();
  await until(() => rig.kiosk!.healthy(), 15_000, 'every service and the platform available');
  return rig.kiosk;
}

describe('config bundle apply', () => {
  it('waits for the running session to end, restarts into the new config, passes the health gate and reports applied', async () => {
    const k = await startKiosk();
    unwrap(await k.client.call('Session.Start', { language: 'zh-CN', elderlyMode: false }));
    await rig.platform!.publish('config', 1, VILLAGE_HOURS);
    // (A heartbeat answer naming the new version may have started the same pull; pulls run one at a time.)
    await k.fleet.pullNow();
    expect(k.fleet.applier.state.config).toMatchObject({ staged: 1, highestAccepted: 1 });
    // The session holds it back, however often the loop looks.
    for (let i = 0; i < 5; i++) await k.fleet.tick();
    expect(k.restarts).toEqual([]);
    expect(unwrap(fleetStatus(k.dataDir))).toMatchObject({ configVersion: null, staged: { config: 1 } });
    expect(k.core.config.ui.idleWarningSeconds).toBe(4);

    unwrap(await k.client.call('Session.End', { reason: 'completed' }));
    await k.restarted(1);
    expect(k.restarts).toEqual(['config v1 swapped in']);
    // The new core runs the new config as a whole, on trial until the gate passes.
    expect(k.core.config.ui.idleWarningSeconds).toBe(30);
    expect(k.core.config.configId).toBe('village-2');
    await until(() => unwrap(fleetStatus(k.dataDir)).lastKnownGood.config === 1, 15_000, 'the health gate to pass');
    const status = unwrap(fleetStatus(k.dataDir));
    expect(status).toMatchObject({ configVersion: 1, staged: { config: null }, trial: null, lastResult: { outcome: 'applied', kind: 'config', version: 1, previousVersion: null } });
    const kioskStatus = k.core.status();
    expect(kioskStatus.fleet).toEqual({ configVersion: 1, catalogVersion: null });
    expect(kioskStatus.ui.announcement).toEqual(VILLAGE_HOURS.ui.announcement);
    expect(kioskStatus.availability?.state).toMatch(/^(open|closed)$/);

    // The result reaches the platform, and the heartbeat reports the active version.
    await k.flush();
    expect(await rig.platform!.events('fleet.bundleResult')).toEqual([expect.objectContaining({ outcome: 'applied', kind: 'config', version: 1 })]);
    // (No heartbeat forced: the beat that follows the fleet module's start reports the versions.)
    const versions = async () => (await rig.platform!.lastHeartbeat(kioskId))?.versions;
    await until(async () => (await versions())?.configVersion === 1, 10_000, 'a heartbeat reporting config v1');
    expect(await versions()).toEqual({ app: expect.any(String), config: 'village-2', configVersion: 1, catalogVersion: null });
  });

  it('rolls back a bundle whose receipt printer port does not exist: the health gate fails and the kiosk restarts into the last-known-good config', async () => {
    const k = await startKiosk(5);
    const devices = k.core.config.devices.map((d) => (d.class === 'receiptPrinter' ? { ...d, transport: { kind: 'serial', path: '/dev/ttyBUDAYANG-NOPE', baudRate: 115200 } } : d));
    await rig.platform!.publish('config', 1, { configId: 'broken-printer', devices });
    await k.fleet.pullNow();
    await k.restarted(1);
    expect(k.core.config.configId).toBe('broken-printer');
    // Five seconds of gate: apply and bundle never come back without a receipt printer.
    await k.restarted(2, 20_000);
    expect(k.restarts).toEqual(['config v1 swapped in', 'config v1 rolled back']);
    expect(k.core.config.configId).toBe('test-1');
    const status = unwrap(fleetStatus(k.dataDir));
    expect(status).toMatchObject({ configVersion: null, lastKnownGood: { config: null }, trial: null, lastResult: { outcome: 'rolledBack', reason: 'healthGate', version: 1 } });
    expect(status.lastResult!.detail).toMatch(/service apply unavailable/);
    await until(() => k.healthy(), 15_000, 'the old config healthy again');
    // Never tried again: the platform still serves v1, the kiosk ignores it.
    expect(await k.fleet.pullNow()).toBe('config: unchanged; catalog: none');
    await k.flush();
    expect(await rig.platform!.events('fleet.bundleResult')).toEqual([expect.objectContaining({ outcome: 'rolledBack', reason: 'healthGate', version: 1 })]);
  }, 60_000);
});
