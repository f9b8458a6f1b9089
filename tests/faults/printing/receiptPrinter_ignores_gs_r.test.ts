// A receipt printer whose firmware ignores GS r (no in-order status reply): the driver finds out
// with a probe at open and confirms each job with DLE EOT after the job's line and print time,
// so a clean job still ends `printed` (not `unknown` after 8 s) and a paper-out job still ends
// `failed` with its remainder cleared.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { KioskConfig } from '../../../kiosk-config/schema';
import { DeviceStatusBoard } from '../../../src-main/core/devices/DeviceStatusBoard';
import { ReceiptPrinterDevice } from '../../../src-main/core/printing/ReceiptPrinterDevice';
import { acceptanceBytes, startReceiptPrinterRig, type ReceiptPrinterRig } from './receiptPrinterRig';

let rig: ReceiptPrinterRig | undefined;
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  for (const stop of stops.splice(0)) await stop();
});

describe('receipt printer that ignores GS r', () => {
  it('confirms a clean job as printed, by DLE EOT after the print time', async () => {
    rig = await startReceiptPrinterRig({ ignoresInOrderStatus: true });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'printed', confirmedBy: 'statusAfterPrintTime' });
    expect(rig.printer.completionCheck).toBe('statusAfterPrintTime');
    expect(rig.simulator.receipts()).toHaveLength(1);
    expect(rig.simulator.elements.filter((e) => e.kind === 'cut')).toHaveLength(1);
    // The next job needs no second probe and is confirmed the same way.
    expect(await rig.printer.printJob(acceptanceBytes())).toMatchObject({ outcome: 'printed', confirmedBy: 'statusAfterPrintTime' });
    expect(rig.simulator.receipts()).toHaveLength(2);
  });

  it('still reports a job failed when paper runs out mid-receipt, and clears its remainder', async () => {
    rig = await startReceiptPrinterRig({ ignoresInOrderStatus: true, paperLines: 8 });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'failed', sent: true });
    if (outcome.outcome === 'failed') expect(outcome.reason).toMatch(/paper out/);
    const simulator = rig.simulator;
    await expect.poll(() => simulator.heldCommandCount).toBe(0); // DLE ENQ 2 crossed the PTY
    const printed = simulator.elements.length;
    simulator.refillPaper(); // a refill prints held data at once: there must be none
    expect(simulator.elements).toHaveLength(printed);
  });

  it('is probed when the supervised printer comes online; a printer that answers GS r keeps the in-order check', async () => {
    const online = async (ignoresInOrderStatus: boolean) => {
      const config = KioskConfig.parse({ devices: [{ id: 'receipt', class: 'receiptPrinter', driver: 'escpos', transport: { kind: 'simulator', options: { ignoresInOrderStatus } } }] });
      const statuses = new DeviceStatusBoard();
      const device = new ReceiptPrinterDevice({ device: config.devices[0]!, statuses, log: silentLogger, citizenSession: () => undefined });
      stops.push(() => device.stop());
      await device.start();
      expect(statuses.get('receipt')?.state).toBe('online');
      return device;
    };
    const ignoring = await online(true);
    expect(ignoring.supervisor.driver?.completionCheck).toBe('statusAfterPrintTime');
    expect(await ignoring.print('job-1', acceptanceBytes())).toMatchObject({ outcome: 'printed', confirmedBy: 'statusAfterPrintTime' });
    const answering = await online(false);
    expect(answering.supervisor.driver?.completionCheck).toBe('inOrderStatus');
    expect(await answering.print('job-2', acceptanceBytes())).toMatchObject({ outcome: 'printed', confirmedBy: 'inOrderStatus' });
  });
});
