// The Printing.* API adapter: printer status and jobs, the technician's test page, and a sample
// receipt rendered to ESC/POS and decoded back through the simulator for diagnostics.
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import { PAPER_PRESETS, receiptEncodingOptions } from './escpos/receiptEncoding';
import type { PrintService } from './PrintService';
import type { ReceiptPrinterDevice } from './ReceiptPrinterDevice';
import { decodeReceiptBytes } from './receipts/decodeReceiptBytes';
import { sampleReceipt } from './receipts/sampleReceipts';

export function registerPrintingApi(ctx: CoreContext, service: PrintService, receiptPrinters: readonly ReceiptPrinterDevice[]): void {
  const { config } = ctx;
  const sampleContext = (deviceId: string) => ({ hallName: config.kiosk.hallName.zh, kioskCode: config.kiosk.code, deviceId, at: new Date().toISOString() });

  ctx.router.register('Printing.Status', async () => ok({ printers: service.printers() }));
  ctx.router.register('Printing.Jobs', async (input) => ok({ jobs: service.jobs(input.limit, input.deviceId) }));
  ctx.router.register('Printing.TestPage', async (input) => {
    const printer = input.deviceId ? receiptPrinters.find((p) => p.deviceId === input.deviceId) : receiptPrinters[0];
    if (!printer) return err(apiError('unsupportedCommand', 'noReceiptPrinter', input.deviceId ? `no receipt printer with id ${input.deviceId}` : 'no receipt printer is configured'));
    return ok(await service.printReceipt(sampleReceipt('testPage', sampleContext(printer.deviceId)), { deviceId: printer.deviceId }));
  });
  ctx.router.register('Printing.PreviewReceipt', async (input) => {
    const document = sampleReceipt(input.sample, sampleContext(receiptPrinters[0]?.deviceId ?? 'preview'));
    const bytes = encodeReceipt(document, receiptEncodingOptions(config.printing.receiptPaper, config.printing.receiptFontCoverage));
    const decoded = await decodeReceiptBytes(bytes);
    // receiptline is only needed for previews: loaded on first use, not at boot.
    const { receiptSvg } = await import('./receipts/receiptPreview');
    return ok({ lines: decoded.lines, qrCodes: decoded.qrCodes, rasterLines: decoded.rasterLines, byteLength: bytes.length, svg: receiptSvg(document, PAPER_PRESETS[config.printing.receiptPaper].columns) });
  });
}
