// Fault: the USB-serial adapter is pulled (socat killed) and put back (socat restarted on the
// same paths). The supervised reader goes offline, reconnects with backoff, re-checks the SAM
// and is back online within 3 s; nothing crashes and no port handle is leaked.
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';
import { DeviceSupervisor } from '../../../src-main/core/devices/DeviceSupervisor';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { openTransport } from '../../../src-main/core/devices/openTransport';
import { IdCardSimulator } from '../../../drivers/idcard/IdCardSimulator';
import { SamIdCardReader } from '../../../drivers/idcard/SamIdCardReader';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { silentLogger } from '../../../src-common/logging';
import { err, ok, unwrap } from '../../../src-common/result';
import type { DeviceStatus } from '../../../src-common/domain/device';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

describe('idCard unplug and replug', () => {
  it('goes offline and back online within 3 s, then reads a card, without leaking handles', async () => {
    const pair: PtyPair = await createPtyPair('unplug');
    cleanup.push(() => pair.close());
    const simulator = new IdCardSimulator();
    cleanup.push(() => simulator.stop());
    const attachSimulator = async () => simulator.attach(unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: 115200 })));
    await attachSimulator();

    const statuses = new DeviceStatusBoard();
    const seen: DeviceStatus['state'][] = [];
    statuses.onDidChange(({ status }) => seen.push(status.state));
    const opened: ByteTransport[] = [];
    const supervisor = new DeviceSupervisor<SamIdCardReader>({
      deviceId: 'id-reader',
      deviceClass: 'idCardReader',
      statuses,
      log: silentLogger,
      initialDetail: { kind: 'cardReader', cardPresent: false, samOk: false },
      open: async () => {
        const r = await openTransport({ kind: 'serial', path: pair.hostPath, baudRate: 115200 }, { label: 'id-reader' });
        if (r.ok) opened.push(r.value);
        return r;
      },
      attach: (t) => new SamIdCardReader(t, { log: silentLogger, timings: { pollIntervalMs: 20 } }),
      detach: (r) => r.dispose(),
      inspect: async (r, signal) => {
        const sam = await r.checkSam(signal);
        return sam.ok ? ok({ detail: { kind: 'cardReader', cardPresent: false, samOk: true } }) : err({ state: 'offline', reason: sam.error.kind, reconnect: true });
      },
      citizenSession: () => undefined,
    });
    cleanup.push(() => supervisor.stop());
    let reconnectsScheduled = 0;
    supervisor.onDidScheduleReconnect(() => reconnectsScheduled++);
    void supervisor.start();
    await until(() => supervisor.isOnline, 3000);

    for (let cycle = 0; cycle < 2; cycle++) {
      await pair.unplug();
      const offlineAfter = await until(() => statuses.get('id-reader')!.state === 'offline', 3000);
      expect(offlineAfter).toBeLessThan(3000);
      // A command while unplugged is refused, not hung.
      expect((await supervisor.run({}, async () => ok(1))).ok).toBe(false);
      // The cable stays out until the supervisor has retried (and failed) at least twice.
      const before = reconnectsScheduled;
      await until(() => reconnectsScheduled >= before + 2, 3000);
      await pair.replug();
      await attachSimulator();
      const onlineAfter = await until(() => supervisor.isOnline, 3000);
      expect(onlineAfter).toBeLessThan(3000);
    }

    simulator.insertCard('resident-wang');
    const read = await supervisor.run({}, async (reader) => {
      const r = await reader.waitForCard({ timeoutMs: 3000 });
      return r.ok ? ok(r.value.text.name) : err({ code: 'hardwareError' as const, description: r.error.kind });
    });
    expect(read).toEqual({ ok: true, value: '王建国' });
    expect(seen.filter((s, i) => s !== seen[i - 1])).toEqual(['online', 'offline', 'online', 'offline', 'online']);
    // Every transport but the live one was closed: no leaked port handles.
    expect(opened.filter((t) => t.isOpen)).toHaveLength(1);
    await supervisor.stop();
    expect(opened.filter((t) => t.isOpen)).toHaveLength(0);
  });
});
