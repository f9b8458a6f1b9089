// Issue #11 item 7, end to end with real cores and a real platform: a config bundle that breaks a
// device (the receipt printer on a serial port that does not exist) goes out in rings; the canary
// swaps it in, its health gate fails, it rolls back to its last-known-good config by itself and
// reports it; the platform aborts the rollout before the next ring, so the other kiosk never
// hears of the broken version.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { fleetStatus } from '../../../src-main/core/fleet/fleetInspection';
import { provisionDataDir, removeTempDirs, RestartingCore, startFleetPlatform, tempDir, until, type FleetPlatform } from './support/fleetCore';

const running: Array<{ stop(): Promise<void> } | { close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await ('stop' in item ? item.stop() : item.close());
});
afterAll(() => removeTempDirs());

async function kiosk(platform: FleetPlatform): Promise<{ core: RestartingCore; kioskId: string }> {
  const dataDir = tempDir('kiosk');
  const kioskId = await provisionDataDir(dataDir, platform);
  const core = await new RestartingCore(dataDir, { fleet: { healthGateSeconds: 5 } }).start();
  running.push(core);
  await until(() => core.healthy(), 15_000, 'every service and the platform available');
  // A heartbeat, so the platform knows it is online (and the canary is one that answers).
  await core.beat();
  return { core, kioskId };
}

describe('a rollout of a bundle that breaks a device', () => {
  it('is rolled back by the health gate on the canary, and aborts before the next ring', async () => {
    const platform = await startFleetPlatform();
    running.push(platform);
    const canary = await kiosk(platform);
    const second = await kiosk(platform);
    const devices = canary.core.core.config.devices.map((d) => (d.class === 'receiptPrinter' ? { ...d, transport: { kind: 'serial', path: '/dev/ttyBUDAYANG-NOPE', baudRate: 115200 } } : d));
    await platform.upload('config', 1, { configId: 'broken-printer', devices });
    const rollout = await platform.rollout({ kind: 'config', version: 1, target: {}, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0, abort: { failurePercent: 0, minKiosks: 1 } });
    expect(rollout.rings.map((r) => r.kiosks)).toEqual([1, 1]);

    // The canary learns of it from its next heartbeat, swaps it in (restart), and the gate fails.
    await canary.core.beat();
    await canary.core.restarted(1);
    expect(canary.core.core.config.configId).toBe('broken-printer');
    await canary.core.restarted(2, 20_000);
    expect(canary.core.restarts).toEqual(['config v1 swapped in', 'config v1 rolled back']);
    expect(unwrap(fleetStatus(canary.core.dataDir))).toMatchObject({ configVersion: null, lastResult: { outcome: 'rolledBack', reason: 'healthGate', version: 1 } });

    // Its result reaches the platform, which stops the rollout.
    await canary.core.flush();
    await until(async () => (await platform.status(rollout.rolloutId)).state === 'aborted', 10_000, 'the rollout to abort');
    const status = await platform.status(rollout.rolloutId);
    expect(status).toMatchObject({ reason: expect.stringMatching(/1 of 1 kiosks that reported failed/), totals: { applied: 0, failed: 1 }, rings: [expect.objectContaining({ failed: 1 }), expect.objectContaining({ kiosks: 1, pending: 0, applied: 0 })] });

    // The next ring never heard of it.
    await second.core.beat();
    expect(await second.core.fleet.pullNow()).toBe('config: none; catalog: none');
    expect(unwrap(fleetStatus(second.core.dataDir))).toMatchObject({ configVersion: null, staged: { config: null }, lastResult: null });
    expect(second.core.restarts).toEqual([]);
  }, 60_000);
});
