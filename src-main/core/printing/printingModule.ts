// The printing domain of the core: builds the configured receipt, A4 and certificate printers,
// publishes the print service on ctx.services.printing, and serves Printing.*.
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { apiError } from '../../../src-common/api/envelope';
import { ok } from '../../../src-common/result';
import type { CoreContext, CoreModule } from '../CoreContext';
import { receiptEncodingOptions, PAPER_PRESETS } from './escpos/receiptEncoding';
import { PrintJobJournal } from './PrintJobJournal';
import { PrintService } from './PrintService';
import { ReceiptPrinterDevice } from './ReceiptPrinterDevice';
import { decodeReceiptBytes } from './receipts/decodeReceiptBytes';
import { sampleReceipt } from './receipts/sampleReceipts';
import { SystemPrinterDevice } from './SystemPrinterDevice';

export const printingModule: CoreModule = {
  name: 'printing',
  start(ctx: CoreContext) {
    const log = ctx.log.child('printing');
    const { config } = ctx;
    const receiptPrinters: ReceiptPrinterDevice[] = [];
    const systemPrinters: SystemPrinterDevice[] = [];
    for (const device of config.devices) {
      if (!device.enabled) continue;
      if (device.class === 'receiptPrinter') {
        if (device.transport.kind === 'simulator' && config.mode === 'production') {
          ctx.deviceStatuses.set({ deviceId: device.id, deviceClass: device.class, state: 'hardwareError', detail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false }, reason: 'simulator transports are refused in production mode' });
          continue;
        }
        receiptPrinters.push(new ReceiptPrinterDevice({ device, statuses: ctx.deviceStatuses, log: log.child(device.id), isCitizenTransactionActive: () => ctx.sessions.active !== undefined }));
      } else if (device.class === 'a4Printer' || device.class === 'certificatePrinter') {
        systemPrinters.push(
          new SystemPrinterDevice({ device, statuses: ctx.deviceStatuses, log: log.child(device.id), dataDir: ctx.dataDir, jobTimeoutMs: config.printing.jobTimeoutSeconds * 1000, mode: config.mode, ...(config.printing.cupsServer ? { cupsServer: config.printing.cupsServer } : {}) }),
        );
      }
    }

    const db = ctx.services.db;
    if (!db) throw new Error('printing: the storage module must start first (the print-job journal lives in the kiosk database)');
    const service = new PrintService({
      config,
      journal: PrintJobJournal.open(db, { dataDir: ctx.dataDir, log }),
      statuses: ctx.deviceStatuses,
      log,
      receiptPrinters,
      systemPrinters,
      onJobFinished: (record) => ctx.router.broadcast('Printing.JobFinished', record),
    });
    ctx.services.printing = service;

    for (const p of [...receiptPrinters, ...systemPrinters]) p.start();
    ctx.onShutdown(async () => {
      for (const p of [...receiptPrinters, ...systemPrinters]) await p.stop();
    });

    const sampleContext = (deviceId: string) => ({ hallName: config.kiosk.hallName.zh, kioskCode: config.kiosk.code, deviceId, at: new Date().toISOString() });

    ctx.router.register('Printing.Status', async () => ok({ printers: service.printers() }));
    ctx.router.register('Printing.Jobs', async (input) => ok({ jobs: service.jobs(input.limit, input.deviceId) }));
    ctx.router.register('Printing.TestPage', async (input) => {
      const printer = input.deviceId ? receiptPrinters.find((p) => p.deviceId === input.deviceId) : receiptPrinters[0];
      if (!printer) return { ok: false, error: apiError('unsupportedCommand', input.deviceId ? `no receipt printer with id ${input.deviceId}` : 'no receipt printer is configured') };
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
  },
};
