// Paper out before a job: the job is refused with a clear reason and no byte of it is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { inspectionOf } from '../../../src-main/core/printing/ReceiptPrinterDevice';
import { acceptanceBytes, startReceiptPrinterRig, type ReceiptPrinterRig } from './receiptPrinterRig';

let rig: ReceiptPrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('receipt printer out of paper before the job', () => {
  it('refuses the job before sending it and reports paper out in the status model', async () => {
    rig = await startReceiptPrinterRig({ initialFaults: ['paperOut'] });
    const condition = await rig.printer.queryCondition();
    expect(condition.ok && condition.value.paperOut).toBe(true);
    if (!condition.ok) return;
    const status = inspectionOf(condition.value);
    expect(status.ok).toBe(false);
    if (!status.ok) expect(status.error).toMatchObject({ state: 'userError', reason: 'paper out', detail: { kind: 'printer', paper: 'out' } });

    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'failed', sent: false, reason: 'printer not ready before job: paper out' });
    // Nothing was sent (`sent: false`), so nothing is held …
    expect(rig.simulator.heldCommandCount).toBe(0);
    expect(rig.simulator.elements).toHaveLength(0);
    // … and loading paper (which prints held data at once) prints nothing of the refused job.
    rig.simulator.refillPaper();
    expect(rig.simulator.elements).toHaveLength(0);
  });
});
