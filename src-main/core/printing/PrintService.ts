// The core's print service (printing module): journeys hand it a receipt document or a
// PDF and get back the job's outcome — printed, failed or unknown — after the printer answered.
// Each job is journaled before its bytes go out; a job id that printed is refused again; a
// failed job is reported and never retried behind the caller's back.
import { ulid } from 'ulid';
import type { KioskConfig } from '../../../kiosk-config/schema';
import type { PrintDocumentKind, PrinterClass, PrinterInfo, PrintJobRecord, PrintJobState } from '../../../src-common/api/printing';
import type { DeviceStatus } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import type { ReceiptDocument } from '../../../drivers/printer/escpos/receiptDocument';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import { receiptEncodingOptions } from './escpos/receiptEncoding';
import type { CalibrationOffset } from './pdf/certificateDocument';
import type { PrintJobJournal } from './PrintJobJournal';
import type { ReceiptPrinterDevice } from './ReceiptPrinterDevice';
import type { SystemPrinterDevice } from './SystemPrinterDevice';
import { serviceId } from '../composition/serviceId';

export interface PrintRequestOptions {
  /** Idempotency key, e.g. `acceptance:<caseNumber>`; default a new ULID. */
  readonly jobId?: string;
  /** A specific printer; default the first online printer of the class. */
  readonly deviceId?: string;
}

export interface PrintServiceOptions {
  readonly config: KioskConfig;
  readonly journal: PrintJobJournal;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly receiptPrinters: readonly ReceiptPrinterDevice[];
  readonly systemPrinters: readonly SystemPrinterDevice[];
  readonly onJobFinished?: (record: PrintJobRecord) => void;
}

export class PrintService {
  /** Jobs between their start and their outcome (the fleet's safe point waits for none). */
  private inProgress = 0;
  private savedCalibration: ((deviceId: string) => CalibrationOffset | undefined) | undefined;

  constructor(private readonly options: PrintServiceOptions) {}

  /** How many jobs are printing now. */
  get jobsInProgress(): number {
    return this.inProgress;
  }

  private async counted<T>(work: () => Promise<T>): Promise<T> {
    this.inProgress++;
    try {
      return await work();
    } finally {
      this.inProgress--;
    }
  }

  /** Renders and prints a receipt; resolves when the printer has confirmed or the job failed. */
  printReceipt(document: ReceiptDocument, request: PrintRequestOptions = {}): Promise<PrintJobRecord> {
    return this.counted(() => this.printReceiptNow(document, request));
  }

  /** Prints a finished PDF on an A4 or certificate printer. */
  printPdf(printerClass: Exclude<PrinterClass, 'receiptPrinter'>, pdf: Uint8Array, request: PrintRequestOptions & { readonly document: PrintDocumentKind; readonly title?: string }): Promise<PrintJobRecord> {
    return this.counted(() => this.printPdfNow(printerClass, pdf, request));
  }

  private async printReceiptNow(document: ReceiptDocument, request: PrintRequestOptions): Promise<PrintJobRecord> {
    const printer = this.pick(this.options.receiptPrinters, request.deviceId);
    const start = this.begin(request.jobId, printer?.deviceId ?? 'none', 'receiptPrinter', document.kind);
    if (!start.ok) return start.record;
    if (!printer) return this.finish(start.record, 'failed', 'no receipt printer is configured');
    const { printing } = this.options.config;
    const bytes = encodeReceipt(document, receiptEncodingOptions(printing.receiptPaper, printing.receiptFontCoverage));
    this.options.journal.write({ ...start.record, state: 'printing' });
    // Each attempt has its own command id: the journal decides whether a job id may print again
    // (only after `failed`), and a deliberate retry must not get the supervisor's cached outcome.
    const outcome = await printer.print(`${start.record.jobId}#${ulid()}`, bytes);
    switch (outcome.outcome) {
      case 'printed':
        return this.finish(start.record, 'printed');
      case 'failed':
        return this.finish(start.record, 'failed', outcome.reason);
      case 'unknown':
        return this.finish(start.record, 'unknown', outcome.reason);
      default: {
        const unreachable: never = outcome;
        throw new Error(`unknown outcome ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private async printPdfNow(printerClass: Exclude<PrinterClass, 'receiptPrinter'>, pdf: Uint8Array, request: PrintRequestOptions & { readonly document: PrintDocumentKind; readonly title?: string }): Promise<PrintJobRecord> {
    const printer = this.pick(this.options.systemPrinters.filter((p) => p.printerClass === printerClass), request.deviceId);
    const start = this.begin(request.jobId, printer?.deviceId ?? 'none', printerClass, request.document);
    if (!start.ok) return start.record;
    if (!printer) return this.finish(start.record, 'failed', `no ${printerClass} is configured`);
    const status = this.options.statuses.get(printer.deviceId);
    if (status && status.state !== 'online') return this.finish(start.record, 'failed', `${printer.deviceId} is ${status.state}: ${status.reason ?? ''}`.trim());
    this.options.journal.write({ ...start.record, state: 'printing' });
    // The title is visible in the CUPS queue: the job id and document kind only, never a name.
    const outcome = await printer.print(start.record.jobId, pdf, request.title ?? `${request.document} ${start.record.jobId}`);
    return this.finish(start.record, outcome.outcome, outcome.outcome === 'printed' ? undefined : outcome.reason);
  }

  /** A receipt printer by id, with its simulator in demo/test profiles (developer panel, tests). */
  /** Every configured printer, for the technician's self-tests (each under its own supervisor). */
  devices(): { readonly receiptPrinters: readonly ReceiptPrinterDevice[]; readonly systemPrinters: readonly SystemPrinterDevice[] } {
    return { receiptPrinters: this.options.receiptPrinters, systemPrinters: this.options.systemPrinters };
  }

  receiptPrinter(deviceId: string): ReceiptPrinterDevice | undefined {
    return this.options.receiptPrinters.find((p) => p.deviceId === deviceId);
  }

  /** One job's latest record (a re-run after a crash asks whether a copy already printed). */
  job(jobId: string): PrintJobRecord | undefined {
    return this.options.journal.get(jobId);
  }

  jobs(limit: number, deviceId?: string): PrintJobRecord[] {
    return this.options.journal.list(limit, deviceId);
  }

  printers(): PrinterInfo[] {
    const info = (deviceId: string, printerClass: PrinterClass, driver: string, endpoint: string, queuedJobs: number): PrinterInfo => ({
      deviceId,
      printerClass,
      driver,
      endpoint,
      queuedJobs,
      status: this.options.statuses.get(deviceId) ?? unknownStatus(deviceId, printerClass),
    });
    const driverOf = (id: string) => this.options.config.devices.find((d) => d.id === id)?.driver ?? '';
    return [
      ...this.options.receiptPrinters.map((p) => info(p.deviceId, 'receiptPrinter', driverOf(p.deviceId), p.endpoint, 0)),
      ...this.options.systemPrinters.map((p) => info(p.deviceId, p.printerClass, driverOf(p.deviceId), p.endpoint, p.queuedJobs)),
    ];
  }

  /** The certificate calibration offset of a printer: measured on this kiosk if saved, else configured, else zero. */
  calibrationFor(deviceId: string): CalibrationOffset {
    const saved = this.savedCalibration?.(deviceId);
    if (saved) return { dxMm: saved.dxMm, dyMm: saved.dyMm };
    return this.options.config.printing.calibration[deviceId] ?? { dxMm: 0, dyMm: 0 };
  }

  /** Where offsets measured on this kiosk are kept (the technician module's calibration store). */
  useSavedCalibrations(lookup: (deviceId: string) => CalibrationOffset | undefined): void {
    this.savedCalibration = lookup;
  }

  private pick<P extends { deviceId: string }>(printers: readonly P[], deviceId?: string): P | undefined {
    if (deviceId) return printers.find((p) => p.deviceId === deviceId);
    return printers.find((p) => this.options.statuses.get(p.deviceId)?.state === 'online') ?? printers[0];
  }

  private begin(jobId: string | undefined, deviceId: string, printerClass: PrinterClass, document: PrintDocumentKind): { ok: true; record: PrintJobRecord } | { ok: false; record: PrintJobRecord } {
    const id = jobId ?? ulid();
    const now = new Date().toISOString();
    const refusal = this.options.journal.refusalFor(id);
    if (refusal) {
      // Not journaled: the earlier record of this id stays the truth.
      this.options.log.warn('printing.job_refused_duplicate', { jobId: id, document });
      return { ok: false, record: { jobId: id, deviceId, printerClass, document, state: 'failed', reason: refusal, createdAt: now, finishedAt: now } };
    }
    const record: PrintJobRecord = { jobId: id, deviceId, printerClass, document, state: 'queued', createdAt: now };
    this.options.journal.write(record);
    return { ok: true, record };
  }

  private finish(record: PrintJobRecord, state: Exclude<PrintJobState, 'queued' | 'printing'>, reason?: string): PrintJobRecord {
    const done: PrintJobRecord = { ...record, state, ...(reason ? { reason } : {}), finishedAt: new Date().toISOString() };
    this.options.journal.write(done);
    this.options.log.info('printing.job_finished', { jobId: done.jobId, deviceId: done.deviceId, document: done.document, state, reason });
    this.options.onJobFinished?.(done);
    return done;
  }
}

function unknownStatus(deviceId: string, deviceClass: PrinterClass): DeviceStatus {
  return { deviceId, deviceClass, state: 'noDevice', detail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false }, reason: 'not started', since: new Date(0).toISOString() };
}

/** Receipt, A4 and certificate printing with job outcomes (printing module). */
export const PrintServiceId = serviceId<PrintService>('printing');
