// The simulated printer keeps only its most recent receipts (whole ones): a demo kiosk that
// prints for weeks must not hold every receipt it ever printed in memory.
import { expect, it } from 'vitest';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { KEPT_PRINTED_ELEMENTS, ReceiptPrinterSimulator } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { receiptEncodingOptions } from '../../../src-main/core/printing/escpos/receiptEncoding';

it('tears off the oldest whole receipts once it holds more than KEPT_PRINTED_ELEMENTS elements', async () => {
  const [host, device] = createMemoryPipe('paper');
  const simulator = new ReceiptPrinterSimulator(device);
  const receipt = (n: number) => encodeReceipt({ kind: 'testPage', blocks: Array.from({ length: 9 }, (_, i) => ({ kind: 'text' as const, text: `receipt ${n} line ${i}` })) }, receiptEncodingOptions());
  const perReceipt = 10; // nine lines and the cut
  const total = Math.ceil((KEPT_PRINTED_ELEMENTS * 1.5) / perReceipt);
  for (let n = 0; n < total; n++) await host.write(receipt(n));
  // The pipe delivers on the next turn.
  await new Promise((r) => setImmediate(r));
  const receipts = simulator.receipts();
  expect(simulator.elements.length).toBeLessThanOrEqual(KEPT_PRINTED_ELEMENTS);
  // The newest receipts are all there, whole; the oldest are gone.
  expect(receipts.at(-1)!.map((e) => (e.kind === 'text' ? e.text : '')).at(-1)).toBe(`receipt ${total - 1} line 8`);
  expect(receipts.every((r) => r.length === 9)).toBe(true);
  expect(receipts.length).toBeGreaterThan(KEPT_PRINTED_ELEMENTS / perReceipt - 2);
  expect(receipts[0]![0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/^receipt \d+ line 0$/) });
  expect(simulator.textLines()).not.toContain('receipt 0 line 0');
});
