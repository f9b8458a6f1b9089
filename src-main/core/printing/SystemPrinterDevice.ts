// One configured A4 or certificate printer: a CUPS queue (driver `cups`, transport
// `systemPrinter`), or in demo/test profiles a "PDF file" printer (driver `pdfFile`, transport
// `simulator`) that writes each job to `<dataDir>/printed/<jobId>.pdf` and reports it printed.
// Jobs run one at a time; the queue's state is polled into the status board.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeviceConfig } from '../../../kiosk-config/schema';
import type { DeviceDetail, DeviceState } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import type { PrinterClass } from '../../../src-common/api/printing';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import { CupsPrinter, type SystemJobOutcome, type SystemPrinterCondition } from './system/CupsPrinter';

/** How often a system printer's queue state is read while idle. */
export const SYSTEM_PRINTER_POLL_MS = 10_000;
/** Temp folders in which versions before 0.2 wrote each PDF for `lp`; a crash could leave one. */
export const LEGACY_TEMP_PREFIX = 'budayang-print-';

type Backend =
  /** A CUPS queue. */
  | { readonly kind: 'cups'; readonly printer: CupsPrinter }
  /** Demo: PDFs land in a directory. */
  | { readonly kind: 'pdfFile'; readonly directory: string }
  /** Misconfigured: every job fails with this reason. */
  | { readonly kind: 'invalid'; readonly reason: string };

export interface SystemPrinterDeviceOptions {
  readonly device: DeviceConfig;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly dataDir: string;
  readonly cupsServer?: string;
  readonly jobTimeoutMs: number;
  readonly mode: 'demo' | 'simulated' | 'production';
}

/** IPP printer-state-reasons → the printer detail and state (RFC 8011 §5.4.12, PWG 5100.9). */
export function statusOfQueue(c: SystemPrinterCondition): { state: DeviceState; detail: DeviceDetail; reason?: string } {
  const has = (prefix: string) => c.reasons.some((r) => r === prefix || r.startsWith(`${prefix}-`));
  const paper = has('media-empty') || has('media-needed') ? 'out' : has('media-low') ? 'low' : 'ok';
  const detail: DeviceDetail = { kind: 'printer', paper, coverOpen: has('cover-open') || has('door-open'), cutterError: has('cutter') };
  const reasons = c.reasons.filter((r) => !r.endsWith('-report') || r === 'offline-report');
  if (paper === 'out' || detail.coverOpen || has('media-jam')) return { state: 'userError', detail, reason: reasons.join(', ') };
  if (has('offline') || has('shutdown') || has('connecting-to-device')) return { state: 'offline', detail, reason: reasons.join(', ') };
  if (c.state === 'stopped' || !c.acceptingJobs) return { state: 'hardwareError', detail, reason: `queue stopped${reasons.length ? ` (${reasons.join(', ')})` : ''}` };
  return { state: 'online', detail };
}

export class SystemPrinterDevice {
  private readonly backend: Backend;
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly endpoint: string;

  constructor(private readonly options: SystemPrinterDeviceOptions) {
    const { device } = options;
    const t = device.transport;
    if (device.driver === 'cups' && t.kind === 'systemPrinter') {
      const printer = new CupsPrinter({ queue: t.queue, log: options.log, jobTimeoutMs: options.jobTimeoutMs, ...(options.cupsServer ? { server: options.cupsServer } : {}) });
      this.backend = { kind: 'cups', printer };
      this.endpoint = printer.description;
    } else if (device.driver === 'pdfFile' && t.kind === 'simulator' && options.mode !== 'production') {
      const directory = path.join(options.dataDir, 'printed');
      this.backend = { kind: 'pdfFile', directory };
      this.endpoint = `file://${directory}`;
    } else {
      this.backend = { kind: 'invalid', reason: `${device.id}: driver "${device.driver}" with transport "${t.kind}" is not a system printer${options.mode === 'production' ? ' allowed in production' : ''}` };
      this.endpoint = 'invalid';
    }
  }

  get deviceId(): string {
    return this.options.device.id;
  }

  get printerClass(): PrinterClass {
    return this.options.device.class as PrinterClass;
  }

  get queuedJobs(): number {
    return this.pending;
  }

  start(): void {
    this.purgeLeftovers();
    void this.refreshStatus();
    this.timer = setInterval(() => {
      if (this.pending === 0) void this.refreshStatus();
    }, SYSTEM_PRINTER_POLL_MS);
    this.timer.unref();
  }

  /**
   * At boot, documents (PII) left by an earlier run go: the simulated printer's output tray, the
   * temp copies older versions gave `lp`, and finished jobs in the CUPS history.
   */
  private purgeLeftovers(): void {
    const backend = this.backend;
    if (backend.kind === 'pdfFile') fs.rmSync(backend.directory, { recursive: true, force: true });
    if (backend.kind !== 'cups') return;
    for (const entry of fs.readdirSync(os.tmpdir())) {
      if (entry.startsWith(LEGACY_TEMP_PREFIX)) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
    this.chain = this.chain.then(() => backend.printer.purgeFinishedJobs());
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.chain.catch(() => undefined);
  }

  /** Prints one PDF after the jobs before it; never resubmits. */
  print(jobId: string, pdf: Uint8Array, title: string): Promise<SystemJobOutcome> {
    this.pending++;
    const run = this.chain.then(() => this.printNow(jobId, pdf, title));
    this.chain = run.catch(() => undefined);
    return run.finally(() => {
      this.pending--;
      void this.refreshStatus();
    });
  }

  private async printNow(jobId: string, pdf: Uint8Array, title: string): Promise<SystemJobOutcome> {
    const backend = this.backend;
    switch (backend.kind) {
      case 'cups':
        return backend.printer.printPdf(pdf, title);
      case 'pdfFile': {
        fs.mkdirSync(backend.directory, { recursive: true, mode: 0o700 });
        const file = path.join(backend.directory, `${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
        fs.writeFileSync(file, pdf, { mode: 0o600 });
        return { outcome: 'printed', cupsJobId: 0 };
      }
      case 'invalid':
        return { outcome: 'failed', reason: backend.reason };
      default: {
        const unreachable: never = backend;
        throw new Error(`unknown backend ${JSON.stringify(unreachable)}`);
      }
    }
  }

  async refreshStatus(): Promise<void> {
    const { device, statuses } = this.options;
    const base = { deviceId: device.id, deviceClass: device.class };
    const backend = this.backend;
    switch (backend.kind) {
      case 'pdfFile':
        statuses.set({ ...base, state: 'online', detail: { kind: 'printer', paper: 'ok', coverOpen: false, cutterError: false } });
        return;
      case 'invalid':
        statuses.set({ ...base, state: 'hardwareError', detail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false }, reason: backend.reason });
        return;
      case 'cups': {
        const condition = await backend.printer.condition();
        if (!condition.ok) {
          statuses.set({ ...base, state: 'offline', detail: { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false }, reason: condition.error });
          return;
        }
        const status = statusOfQueue(condition.value);
        statuses.set({ ...base, state: status.state, detail: status.detail, ...(status.reason ? { reason: `${backend.printer.description}: ${status.reason}` } : {}) });
        return;
      }
      default: {
        const unreachable: never = backend;
        throw new Error(`unknown backend ${JSON.stringify(unreachable)}`);
      }
    }
  }
}
