// The printing domain of the core: builds the configured receipt, A4 and certificate printers and
// the print service with job outcomes, and serves Printing.* (printingApi.ts).
import { defineModule } from '../composition/CoreModule';
import { KioskDatabaseId } from '../storage/storageServices';
import { PrintJobJournal } from './PrintJobJournal';
import { registerPrintingApi } from './printingApi';
import { PrintService, PrintServiceId } from './PrintService';
import { ReceiptPrinterDevice } from './ReceiptPrinterDevice';
import { SystemPrinterDevice } from './SystemPrinterDevice';

export const printingModule = defineModule({
  name: 'printing',
  // The print-job journal lives in the kiosk database.
  requires: { db: KioskDatabaseId },
  provides: { printing: PrintServiceId },
  start(ctx, { db }) {
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
        receiptPrinters.push(new ReceiptPrinterDevice({ device, statuses: ctx.deviceStatuses, log: log.child(device.id), citizenSession: () => ctx.sessions.active?.info.sessionId }));
      } else if (device.class === 'a4Printer' || device.class === 'certificatePrinter') {
        systemPrinters.push(
          new SystemPrinterDevice({
            device,
            statuses: ctx.deviceStatuses,
            log: log.child(device.id),
            dataDir: ctx.dataDir,
            jobTimeoutMs: config.printing.jobTimeoutSeconds * 1000,
            mode: config.mode,
            citizenSession: () => ctx.sessions.active?.info.sessionId,
            ...(config.printing.cupsServer ? { cupsServer: config.printing.cupsServer } : {}),
          }),
        );
      }
    }

    const service = new PrintService({
      config,
      journal: PrintJobJournal.open(db, { dataDir: ctx.dataDir, log }),
      statuses: ctx.deviceStatuses,
      log,
      receiptPrinters,
      systemPrinters,
      onJobFinished: (record) => ctx.router.broadcast('Printing.JobFinished', record),
    });

    for (const p of [...receiptPrinters, ...systemPrinters]) void p.start();
    ctx.onStop(async () => {
      for (const p of [...receiptPrinters, ...systemPrinters]) await p.stop();
    });
    registerPrintingApi(ctx, service, receiptPrinters);
    return { printing: service };
  },
});
