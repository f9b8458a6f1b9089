// Paper running out during or right at the end of a job: the job is reported failed, and what
// is left of it is cleared from the printer so nothing prints by surprise when paper is loaded.
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptPrinterSimulator } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { acceptanceBytes, startReceiptPrinterRig, type ReceiptPrinterRig } from './receiptPrinterRig';

let rig: ReceiptPrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Lines the acceptance receipt feeds, measured on an endless roll. */
async function linesOfJob(): Promise<number> {
  const [host, device] = createMemoryPipe('measure');
  const simulator = new ReceiptPrinterSimulator(device);
  await host.write(acceptanceBytes());
  await expect.poll(() => simulator.elements.some((e) => e.kind === 'cut')).toBe(true);
  return simulator.linesPrinted;
}

describe('receipt printer running out of paper', () => {
  it('reports the job failed when the roll ends exactly with the job', async () => {
    const lines = await linesOfJob();
    rig = await startReceiptPrinterRig({ paperLines: lines });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    // Every line made it onto the roll, but the printer is out of paper after it: not confirmed.
    expect(rig.simulator.receipts()).toHaveLength(1);
    expect(outcome).toMatchObject({ outcome: 'failed', sent: true });
    if (outcome.outcome === 'failed') expect(outcome.reason).toMatch(/paper out/);
  });

  it('reports the job failed mid-receipt and never prints its remainder after a refill', async () => {
    rig = await startReceiptPrinterRig({ paperLines: 8 });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'failed', sent: true, reason: 'printer stopped during the job: paper out' });
    const simulator = rig.simulator;
    await expect.poll(() => simulator.heldCommandCount).toBe(0); // the DLE ENQ 2 that clears the buffer crossed the PTY
    const printedBefore = simulator.elements.length;
    expect(simulator.receipts().flat().some((e) => e.kind === 'qr')).toBe(false);

    simulator.refillPaper(); // prints held data at once: there is none
    expect(simulator.elements).toHaveLength(printedBefore);
    expect(rig.simulator.elements.some((e) => e.kind === 'cut')).toBe(false);

    // The next job (a deliberate reprint by the caller) prints whole.
    const again = await rig.printer.printJob(acceptanceBytes());
    expect(again.outcome).toBe('printed');
    expect(rig.simulator.elements.filter((e) => e.kind === 'qr')).toHaveLength(1);
  });
});
