// The heartbeat over real HTTP: it reports devices, queue and versions, ends a long Retry-After
// backoff as soon as the platform answers (flush at once), and runs the remote commands its answer
// carries, reporting their outcome in the next beat.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { AlertService } from '../../../src-main/core/alerts/AlertService';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { Heartbeat } from '../../../src-main/core/sync/Heartbeat';
import { RemoteConfigPuller } from '../../../src-main/core/sync/RemoteConfigPuller';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, queueFromOlderVersion, startPlatform, tempDir, type KioskUnderTest } from './support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
let heartbeat: Heartbeat | undefined;
afterEach(async () => {
  await heartbeat?.stop();
  await kiosk?.close();
  await platform?.close();
});

async function until(check: () => boolean, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
}

async function admin(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(platform.url + path, { method: 'POST', headers: { authorization: `Bearer ${platform.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

describe('heartbeat', () => {
  it('reports state, flushes at once when the platform is back, and runs remote commands', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    const kioskId = await provision(kiosk, platform);
    const { outbox, db, identity } = kiosk.stack;
    const devices = new DeviceStatusBoard();
    devices.set({ deviceId: 'cash-1', deviceClass: 'billAcceptor', state: 'online', detail: { kind: 'cashAcceptor', stacker: 'ok', escrow: 'empty', jammed: false } });
    const alerts = new AlertService(outbox, silentLogger);
    heartbeat = new Heartbeat({
      intervalSeconds: 3600,
      client: kiosk.client,
      engine: kiosk.engine,
      outbox,
      alerts,
      devices,
      configPuller: new RemoteConfigPuller(db, kiosk.client, identity),
      dataDir: tempDir('disk'),
      versions: { app: '0.1.0', config: 'test-1' },
      retentionHours: 24,
      log: silentLogger,
    });

    // A dead letter first: a job an older version queued, of a kind the platform does not know.
    queueFromOlderVersion(kiosk, 'case:BAD', 'bogus.thing');
    kiosk.engine.start();
    expect(await until(() => outbox.status().deadLetter === 1)).toBe(true);

    // The platform now refuses with a one-hour Retry-After: the engine parks.
    platform.faults.set({ kind: 'status', status: 503, retryAfterSeconds: 3600, remaining: 1 });
    for (let i = 0; i < 3; i++) unwrap(outbox.enqueue({ streamKey: 'case:OK', kind: 'dev.synthetic', payload: { i } }));
    expect(await until(() => kiosk.engine.nextAttemptAt > Date.now() + 3_000_000)).toBe(true);
    expect(kiosk.engine.isOnline).toBe(false);

    await admin('/admin/config', { configId: 'site-1', overrides: { ui: { idleWarningSeconds: 75 } } });
    await admin('/admin/commands', { kioskId, kind: 'pullConfig' });
    await admin('/admin/commands', { kioskId, kind: 'retryDeadLetters' });

    const beatAt = Date.now();
    await heartbeat.beat();
    // The heartbeat answered: the engine's hour of backoff ends and the queue drains now.
    expect(await until(() => outbox.status().acknowledged === 3)).toBe(true);
    expect(Date.now() - beatAt).toBeLessThan(5_000);
    expect(kiosk.engine.isOnline).toBe(true);
    expect(new RemoteConfigPuller(db, kiosk.client, identity).latest()).toMatchObject({ version: 1, configId: 'site-1' });
    // retryDeadLetters revived the bad record; the platform still rejects it, so it is dead again.
    expect(await until(() => outbox.status().deadLetter === 1 && outbox.status().pending === 0)).toBe(true);

    await heartbeat.beat();
    const outcomes = await platform.store.db.query('SELECT kind, outcome FROM commands ORDER BY kind');
    expect(outcomes).toEqual([
      { kind: 'pullConfig', outcome: 'done' },
      { kind: 'retryDeadLetters', outcome: 'done' },
    ]);
    const reported = (await platform.store.kiosks.status(kioskId))!.lastHeartbeat;
    expect(reported).toMatchObject({ devices: [{ deviceId: 'cash-1', state: 'online' }], versions: { app: '0.1.0', config: 'test-1' }, queue: { deadLetter: 1 } });
    expect(reported.diskFreeBytes).toBeGreaterThan(0);
  });
});
