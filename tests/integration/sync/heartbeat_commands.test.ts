// The heartbeat over real HTTP: it reports devices, queue and versions, ends a long Retry-After
// backoff as soon as the platform answers (flush at once), and hands the signed commands of its
// answer to the fleet seam, acknowledging in the next beat what the fleet stored (running them is
// the fleet's: tests/integration/fleet/remoteCommands.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { AlertService } from '../../../src-main/core/alerts/AlertService';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { Heartbeat, type HeartbeatFleetSeam } from '../../../src-main/core/sync/Heartbeat';
import { SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
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
  it('reports state, flushes at once when the platform is back, and hands commands to the fleet until acknowledged', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    const kioskId = await provision(kiosk, platform);
    const { outbox } = kiosk.stack;
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

    // The fleet seam: stores what it is given, reports it received in the next beat.
    const received: string[] = [];
    const handed: string[][] = [];
    const acknowledgedInAnswers: string[][] = [];
    const seam: HeartbeatFleetSeam = {
      versions: () => ({ configVersion: 4, catalogVersion: null }),
      receivedCommandIds: () => [...received],
      onAnswer: (answer, acknowledged) => {
        acknowledgedInAnswers.push([...acknowledged]);
        for (const id of acknowledged) received.splice(received.indexOf(id), 1);
        const ids = answer.commands.map((c) => SignedRemoteCommand.parse(c).commandId);
        handed.push(ids);
        received.push(...ids);
      },
    };
    heartbeat.attachFleet(seam);
    const pull = (await admin('/admin/commands', { kioskId, action: { kind: 'pullConfig' } })) as { commandId: string };
    const retry = (await admin('/admin/commands', { kioskId, action: { kind: 'retryDeadLetters' } })) as { commandId: string };

    const beatAt = Date.now();
    await heartbeat.beat();
    // The heartbeat answered: the engine's hour of backoff ends and the queue drains now.
    expect(await until(() => outbox.status().acknowledged === 3)).toBe(true);
    expect(Date.now() - beatAt).toBeLessThan(5_000);
    expect(kiosk.engine.isOnline).toBe(true);
    expect(handed).toEqual([[pull.commandId, retry.commandId]]);

    // Next beat lists them as received: the platform stops delivering them.
    await heartbeat.beat();
    expect(acknowledgedInAnswers[1]).toEqual([pull.commandId, retry.commandId]);
    expect(handed[1]).toEqual([]);
    const commands = await platform.store.commands.list(kioskId);
    expect(commands.map((c) => [c.action, c.acknowledgedAt !== null]).sort()).toEqual([
      ['pullConfig', true],
      ['retryDeadLetters', true],
    ]);
    const reported = (await platform.store.kiosks.status(kioskId))!.lastHeartbeat;
    expect(reported).toMatchObject({ devices: [{ deviceId: 'cash-1', state: 'online' }], versions: { app: '0.1.0', config: 'test-1', configVersion: 4, catalogVersion: null }, queue: { deadLetter: 1 } });
    expect(reported.diskFreeBytes).toBeGreaterThan(0);
  });
});
