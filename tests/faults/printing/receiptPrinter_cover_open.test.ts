// Cover open: before a job it is refused; opened while printing, the job fails and its
// remainder does not print when the cover is closed.
import { afterEach, describe, expect, it } from 'vitest';
import { acceptanceBytes, startReceiptPrinterRig, type ReceiptPrinterRig } from './receiptPrinterRig';

let rig: ReceiptPrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('receipt printer cover open', () => {
  it('refuses a job while the cover is open', async () => {
    rig = await startReceiptPrinterRig({ initialFaults: ['coverOpen'] });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'failed', sent: false, reason: 'printer not ready before job: cover open' });
    expect(rig.simulator.elements).toHaveLength(0);
  });

  it('fails a job when the cover is opened mid-print, and prints nothing of it after closing', async () => {
    // 40 lines/s: the receipt takes about a second, so the cover opens part-way.
    rig = await startReceiptPrinterRig({ linesPerSecond: 40 });
    const job = rig.printer.printJob(acceptanceBytes());
    const simulator = rig.simulator;
    await expect.poll(() => simulator.elements.length, { timeout: 5000 }).toBeGreaterThan(2); // part-way through
    simulator.setFault('coverOpen', true);
    const outcome = await job;
    expect(outcome).toMatchObject({ outcome: 'failed', sent: true, reason: 'printer stopped during the job: cover open' });
    await expect.poll(() => simulator.heldCommandCount).toBe(0); // the DLE ENQ 2 that clears the buffer crossed the PTY
    const printed = simulator.elements.length;
    expect(printed).toBeGreaterThan(0);
    simulator.setFault('coverOpen', false); // closing the cover prints held data at once: there is none
    expect(simulator.elements).toHaveLength(printed);
    expect(rig.simulator.elements.some((e) => e.kind === 'cut')).toBe(false);
  });
});
