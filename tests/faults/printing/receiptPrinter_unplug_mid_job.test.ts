// The printer's USB-serial cable is pulled while a receipt prints: the job ends `unknown` (the
// printer may still print what it had buffered) and is never retried, the status board shows
// the printer offline, and after the cable is back the supervisor reconnects, re-inspects and
// shows it online — with no part of the old job resent.
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptPrinterSimulator } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { ReceiptPrinterDevice } from '../../../src-main/core/printing/ReceiptPrinterDevice';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';
import { acceptanceBytes, BAUD } from './receiptPrinterRig';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  cleanup = [];
});

async function waitForState(board: DeviceStatusBoard, state: string, timeoutMs = 5000): Promise<void> {
  await expect.poll(() => board.get('receipt-printer')?.state, { timeout: timeoutMs }).toBe(state);
}

describe('receipt printer unplugged mid-job', () => {
  it('ends the job unknown, goes offline, and comes back online after replug without reprinting', async () => {
    const pty: PtyPair = await createPtyPair('escpos-unplug');
    cleanup.push(() => pty.close());
    // 20 lines/s: the receipt takes about two seconds, long enough to pull the cable mid-way.
    const simulator = new ReceiptPrinterSimulator(unwrap(await openSerialTransport({ path: pty.devicePath, baudRate: BAUD })), { linesPerSecond: 20 });
    cleanup.push(async () => simulator.dispose());

    const board = new DeviceStatusBoard();
    const printer = new ReceiptPrinterDevice({
      device: { id: 'receipt-printer', class: 'receiptPrinter', driver: 'escpos', enabled: true, transport: { kind: 'serial', path: pty.hostPath, baudRate: BAUD } },
      statuses: board,
      log: silentLogger,
      citizenSession: () => undefined,
      timings: { healthCheckIntervalMs: 200, reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 400 },
    });
    void printer.start();
    cleanup.push(() => printer.stop());
    await waitForState(board, 'online');

    const job = printer.print('job-unplug-1', acceptanceBytes());
    await expect.poll(() => simulator.elements.length, { timeout: 5000 }).toBeGreaterThan(2); // part-way through
    await pty.unplug();
    const outcome = await job;
    expect(outcome.outcome).toBe('unknown');
    // The driver notices either the link closing or, when the port's close arrives late (a busy
    // machine), the status poll going unanswered; either way it must not claim the job printed.
    if (outcome.outcome === 'unknown') expect(outcome.reason).toMatch(/link lost|link closed|no reply to DLE EOT/);
    await waitForState(board, 'offline');

    await pty.replug();
    simulator.attach(unwrap(await openSerialTransport({ path: pty.devicePath, baudRate: BAUD })));
    await waitForState(board, 'online');

    // Reusing the same command id returns the first outcome instead of printing again.
    const repeat = await printer.print('job-unplug-1', acceptanceBytes());
    expect(repeat.outcome).toBe('unknown');

    // Let the printer finish whatever it had buffered: the receipt appears at most once.
    await expect.poll(() => simulator.heldCommandCount, { timeout: 5000 }).toBe(0);
    const titles = simulator.elements.filter((e) => e.kind === 'text' && e.text === '受理回执');
    expect(titles).toHaveLength(1);
    expect(simulator.elements.filter((e) => e.kind === 'cut').length).toBeLessThanOrEqual(1);
  });
});
