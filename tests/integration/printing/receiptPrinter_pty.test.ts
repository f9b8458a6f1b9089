// A whole receipt over a real 115200-baud PTY: template → ESC/POS → serialport → simulator, with
// DLE EOT before and after and the in-order GS r barrier; the same text and QR come back.
import { afterEach, describe, expect, it } from 'vitest';
import { acceptanceBytes, startReceiptPrinterRig, type ReceiptPrinterRig } from '../../faults/printing/receiptPrinterRig';

let rig: ReceiptPrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('receipt printer over a PTY', () => {
  it('prints the acceptance receipt and confirms it with a clean status', async () => {
    rig = await startReceiptPrinterRig();
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome.outcome).toBe('printed');
    const [receipt] = rig.simulator.receipts();
    const lines = receipt!.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
    expect(lines).toContain('受理回执');
    expect(lines).toContain('凭此回执查询办理进度');
    expect(receipt!.filter((e) => e.kind === 'qr')).toEqual([{ kind: 'qr', data: 'https://zwfw.example.gov.cn/track?case=DEMO01-20261126-0001' }]);
    expect(rig.simulator.elements.at(-1)).toEqual({ kind: 'cut' });
  });

  it('reports paper low but still printed when the roll is near its end', async () => {
    rig = await startReceiptPrinterRig({ initialFaults: ['paperNearEnd'] });
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome.outcome).toBe('printed');
    if (outcome.outcome === 'printed') expect(outcome.conditionAfter.paperNearEnd).toBe(true);
  });

  it('answers no status when nothing is on the other end', async () => {
    rig = await startReceiptPrinterRig();
    rig.simulator.dispose(); // the simulator stops listening: a printer that is switched off
    const outcome = await rig.printer.printJob(acceptanceBytes());
    expect(outcome).toMatchObject({ outcome: 'failed', sent: false });
    if (outcome.outcome === 'failed') expect(outcome.reason).toMatch(/no reply to DLE EOT 1/);
  });
});
