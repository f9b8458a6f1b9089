// The bill acceptor under the device supervisor: it writes the status board, honours leases,
// still disables and reads counters when faulted, and announces disconnected/connected around a
// reconnect, keeping the host's wish to accept notes across it.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import type { BillAcceptorEvent } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { simulatedBillAcceptor } from '../../../src-main/core/payments/billAcceptorLinks';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function acceptor() {
  const statuses = new DeviceStatusBoard();
  const { device, simulator } = simulatedBillAcceptor({ deviceId: 'cash', log: silentLogger, pollIntervalMs: 20, statuses });
  const events: BillAcceptorEvent['type'][] = [];
  device.onEvent((e) => events.push(e.type));
  stops.push(async () => {
    await device.stop();
    simulator.dispose();
  });
  return { device, simulator, statuses, events };
}

describe('BillAcceptorDevice', () => {
  it('comes online on the status board and refuses to enable while a technician holds the lease', async () => {
    const { device, simulator, statuses, events } = acceptor();
    await device.start();
    expect(device.isReady).toBe(true);
    expect(statuses.get('cash')).toMatchObject({ state: 'online', deviceClass: 'billAcceptor', detail: { kind: 'cashAcceptor', stacker: 'ok' } });
    expect(events).toEqual(['connected']);
    const lease = device.supervisor.acquireLease('technician');
    if (!lease.ok) throw new Error(lease.error.description);
    expect(statuses.get('cash')?.state).toBe('deviceBusy');
    expect(await device.enable()).toBe(false);
    expect(simulator.isEnabled).toBe(false);
    device.supervisor.releaseLease(lease.value);
    expect(await device.enable()).toBe(true);
    expect(simulator.isEnabled).toBe(true);
  });

  it('with a full stacker: userError on the board, enable refused, disable and counters still work', async () => {
    const { device, simulator, statuses } = acceptor();
    await device.start();
    simulator.setStackerFull(true);
    await expect.poll(() => statuses.get('cash')?.state).toBe('userError');
    expect(statuses.get('cash')?.detail).toMatchObject({ stacker: 'full' });
    expect(await device.enable()).toBe(false);
    expect(await device.disable()).toBe(true);
    const counters = await device.getCounters();
    expect(counters.ok && counters.value?.stacked).toBe(500);
  });

  it('announces disconnected and connected around a reconnect, and re-enables the unit on the new link', async () => {
    const statuses = new DeviceStatusBoard();
    const { device, simulator } = simulatedBillAcceptor({ deviceId: 'cash', log: silentLogger, pollIntervalMs: 20, statuses });
    stops.push(async () => {
      await device.stop();
      simulator.dispose();
    });
    const events: BillAcceptorEvent['type'][] = [];
    device.onEvent((e) => events.push(e.type));
    await device.start();
    expect(await device.enable()).toBe(true);
    simulator.setSilent(true); // a hung unit: POLL goes unanswered until the link is declared lost
    await expect.poll(() => statuses.get('cash')?.state, { timeout: 15_000 }).toBe('offline');
    expect(events).toContain('disconnected');
    simulator.disableSelf();
    simulator.setSilent(false);
    await expect.poll(() => events.filter((e) => e === 'connected').length, { timeout: 15_000 }).toBe(2);
    // The host wanted notes before the link fell: the new link's configure ENABLEs the unit.
    expect(simulator.isEnabled).toBe(true);
    expect(statuses.get('cash')?.state).toBe('online');
  });
});
