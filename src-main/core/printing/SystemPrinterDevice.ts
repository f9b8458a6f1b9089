// One configured A4 or certificate printer under the device supervisor, like every device: a
// CUPS queue (driver `cups`, transport `systemPrinter`), a Windows printer through the spooler
// (driver `windows`, transport `systemPrinter` naming it), or in demo/test profiles a "PDF file"
// printer (driver `pdfFile`, transport `simulator`) that writes each job to
// `<dataDir>/printed/<jobId>.pdf` and reports it printed. The supervisor checks the queue while
// idle and after each job, reconnects with backoff when cupsd is unreachable, runs jobs one at a
// time, and refuses them while a technician holds a lease. Protocol notes: docs/protocols/ipp-cups.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeviceConfig } from '../../../kiosk-config/schema';
import type { DeviceDetail, DeviceState } from '../../../src-common/domain/device';
import { Emitter } from '../../../src-common/event';
import type { Logger } from '../../../src-common/logging';
import type { PrinterClass } from '../../../src-common/api/printing';
import { err, ok, type Result } from '../../../src-common/result';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import { DeviceSupervisor, type DeviceHealth, type DeviceLink, type SupervisorTimings } from '../devices/DeviceSupervisor';
import { CupsPrinter, type SystemJobOutcome, type SystemPrinterCondition } from './system/CupsPrinter';
import { loadPdfToPrinter, type PdfToPrinterApi, WindowsSpoolerPrinter } from './system/WindowsSpoolerPrinter';

/** How often a system printer's queue state is read while idle: cupsd is local, but a queue rarely changes. */
export const SYSTEM_PRINTER_POLL_MS = 10_000;
/** Temp folders in which versions before 0.2 wrote each PDF for `lp`; a crash could leave one. */
export const LEGACY_TEMP_PREFIX = 'budayang-print-';
/** Reconnect timing while cupsd or the queue is unreachable: retry soon, then every 30 s at most. */
export const SYSTEM_PRINTER_TIMINGS: SupervisorTimings = { healthCheckIntervalMs: SYSTEM_PRINTER_POLL_MS, reconnectInitialDelayMs: 1000, reconnectMaxDelayMs: 30_000 };

const UNKNOWN_DETAIL: DeviceDetail = { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false };

export interface SystemPrinterDeviceOptions {
  readonly device: DeviceConfig;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly dataDir: string;
  readonly cupsServer?: string;
  readonly jobTimeoutMs: number;
  readonly mode: 'demo' | 'simulated' | 'production';
  readonly citizenSession?: () => string | undefined;
  readonly timings?: Partial<SupervisorTimings>;
  /** The `pdf-to-printer` seam of the `windows` driver (tests pass a fake). */
  readonly pdfToPrinter?: () => Promise<PdfToPrinterApi>;
}

/** IPP printer-state-reasons → the printer detail and state (RFC 8011 §5.4.12, PWG 5100.9; docs/protocols/ipp-cups.md#printer-state-reasons). */
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

/** What the supervisor holds while a system printer is reachable: its link and its driver in one. */
export interface SystemPrinterLink extends DeviceLink {
  readonly description: string;
  inspect(): Promise<DeviceHealth>;
  print(jobId: string, pdf: Uint8Array, title: string): Promise<SystemJobOutcome>;
}

/** IPP is connectionless: the "link" is a verified queue, closed only when we let it go. */
class CupsQueueLink implements SystemPrinterLink {
  private readonly closed = new Emitter<Error | undefined>();
  readonly onClose = this.closed.event;

  constructor(private readonly printer: CupsPrinter) {}

  get description(): string {
    return this.printer.description;
  }

  async inspect(): Promise<DeviceHealth> {
    const condition = await this.printer.condition();
    // cupsd gone or the queue deleted: reconnect (with backoff) instead of reporting a stale state.
    if (!condition.ok) return err({ state: 'offline', reason: condition.error, detail: UNKNOWN_DETAIL, reconnect: true });
    const status = statusOfQueue(condition.value);
    if (status.state === 'online') return ok({ detail: status.detail });
    return err({ state: status.state === 'deviceBusy' ? 'hardwareError' : status.state, reason: `${this.printer.description}: ${status.reason ?? status.state}`, detail: status.detail });
  }

  print(_jobId: string, pdf: Uint8Array, title: string): Promise<SystemJobOutcome> {
    return this.printer.printPdf(pdf, title);
  }

  async close(): Promise<void> {
    this.closed.fire(undefined);
    this.closed.dispose();
  }
}

/** A Windows printer: present while Windows lists it; jobs go to the spooler. */
class WindowsSpoolerLink implements SystemPrinterLink {
  private readonly closed = new Emitter<Error | undefined>();
  readonly onClose = this.closed.event;

  constructor(private readonly printer: WindowsSpoolerPrinter) {}

  get description(): string {
    return this.printer.description;
  }

  async inspect(): Promise<DeviceHealth> {
    const present = await this.printer.present();
    // Paper and cover are not read through the spooler: the printer is online while Windows lists it.
    if (!present.ok) return err({ state: 'offline', reason: present.reason, detail: UNKNOWN_DETAIL, reconnect: true });
    return ok({ detail: UNKNOWN_DETAIL });
  }

  print(jobId: string, pdf: Uint8Array): Promise<SystemJobOutcome> {
    return this.printer.printPdf(jobId, pdf);
  }

  async close(): Promise<void> {
    this.closed.fire(undefined);
    this.closed.dispose();
  }
}

/** Demo and test profiles: each job lands as a PDF file; always ready. */
class PdfDirectoryLink implements SystemPrinterLink {
  private readonly closed = new Emitter<Error | undefined>();
  readonly onClose = this.closed.event;

  constructor(private readonly directory: string) {}

  get description(): string {
    return `file://${this.directory}`;
  }

  async inspect(): Promise<DeviceHealth> {
    return ok({ detail: { kind: 'printer', paper: 'ok', coverOpen: false, cutterError: false } });
  }

  async print(jobId: string, pdf: Uint8Array): Promise<SystemJobOutcome> {
    fs.mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const file = path.join(this.directory, `${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`);
    fs.writeFileSync(file, pdf, { mode: 0o600 });
    return { outcome: 'printed', cupsJobId: 0 };
  }

  async close(): Promise<void> {
    this.closed.fire(undefined);
    this.closed.dispose();
  }
}

type Backend =
  /** A printer the supervisor runs. */
  | { readonly kind: 'supervised'; readonly supervisor: DeviceSupervisor<SystemPrinterLink, SystemPrinterLink> }
  /** Misconfigured: nothing to supervise; every job fails with this reason. */
  | { readonly kind: 'invalid'; readonly reason: string };

export class SystemPrinterDevice {
  private readonly backend: Backend;
  /** What a boot purge clears: the CUPS queue's history, or the simulated printer's output tray. */
  private readonly leftovers: { readonly cups?: CupsPrinter; readonly pdfDirectory?: string; readonly spooler?: WindowsSpoolerPrinter } = {};
  private pending = 0;
  readonly endpoint: string;

  constructor(private readonly options: SystemPrinterDeviceOptions) {
    const { device } = options;
    const t = device.transport;
    let openLink: (() => Promise<Result<SystemPrinterLink, Error>>) | undefined;
    if (device.driver === 'cups' && t.kind === 'systemPrinter') {
      const printer = new CupsPrinter({ queue: t.queue, log: options.log, jobTimeoutMs: options.jobTimeoutMs, ...(options.cupsServer ? { server: options.cupsServer } : {}) });
      this.endpoint = printer.description;
      this.leftovers = { cups: printer };
      openLink = async () => {
        // Opening = cupsd answers for this queue; its state (paper, cover…) is the inspection's.
        const condition = await printer.condition();
        return condition.ok ? ok(new CupsQueueLink(printer)) : err(new Error(condition.error));
      };
    } else if (device.driver === 'windows' && t.kind === 'systemPrinter') {
      const printer = new WindowsSpoolerPrinter({ printer: t.queue, spoolDir: path.join(options.dataDir, 'spool', device.id), api: options.pdfToPrinter ?? loadPdfToPrinter });
      this.endpoint = printer.description;
      this.leftovers = { spooler: printer };
      openLink = async () => {
        const present = await printer.present();
        return present.ok ? ok(new WindowsSpoolerLink(printer)) : err(new Error(present.reason));
      };
    } else if (device.driver === 'pdfFile' && t.kind === 'simulator' && options.mode !== 'production') {
      const directory = path.join(options.dataDir, 'printed');
      this.endpoint = `file://${directory}`;
      this.leftovers = { pdfDirectory: directory };
      openLink = async () => ok(new PdfDirectoryLink(directory));
    } else {
      this.endpoint = 'invalid';
    }
    this.backend = openLink
      ? {
          kind: 'supervised',
          supervisor: new DeviceSupervisor<SystemPrinterLink, SystemPrinterLink>({
            deviceId: device.id,
            deviceClass: device.class,
            statuses: options.statuses,
            log: options.log,
            initialDetail: UNKNOWN_DETAIL,
            citizenSession: options.citizenSession ?? (() => undefined),
            timings: { ...SYSTEM_PRINTER_TIMINGS, ...options.timings },
            open: openLink,
            attach: (link) => link,
            inspect: (link) => link.inspect(),
            detach: () => undefined,
          }),
        }
      : { kind: 'invalid', reason: `${device.id}: driver "${device.driver}" with transport "${t.kind}" is not a system printer${options.mode === 'production' ? ' allowed in production' : ''}` };
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

  /** The supervisor (leases, checks), absent for a misconfigured printer. */
  get supervisor(): DeviceSupervisor<SystemPrinterLink, SystemPrinterLink> | undefined {
    return this.backend.kind === 'supervised' ? this.backend.supervisor : undefined;
  }

  /** Starts supervision; resolves once the queue was first looked at (or found unreachable). */
  async start(): Promise<void> {
    const backend = this.backend;
    switch (backend.kind) {
      case 'supervised':
        await this.purgeLeftovers();
        return backend.supervisor.start();
      case 'invalid':
        this.options.statuses.set({ deviceId: this.deviceId, deviceClass: this.options.device.class, state: 'hardwareError', detail: UNKNOWN_DETAIL, reason: backend.reason });
        return;
      default: {
        const unreachable: never = backend;
        throw new Error(`unknown backend ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /**
   * At boot, documents (PII) left by an earlier run go: the simulated printer's output tray, the
   * temp copies older versions gave `lp`, and finished jobs in the CUPS history.
   */
  private async purgeLeftovers(): Promise<void> {
    const { cups, pdfDirectory, spooler } = this.leftovers;
    if (pdfDirectory) fs.rmSync(pdfDirectory, { recursive: true, force: true });
    spooler?.purgeLeftovers();
    if (!cups) return;
    for (const entry of fs.readdirSync(os.tmpdir())) {
      if (entry.startsWith(LEGACY_TEMP_PREFIX)) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
    await cups.purgeFinishedJobs();
  }

  async stop(): Promise<void> {
    if (this.backend.kind === 'supervised') await this.backend.supervisor.stop();
  }

  /**
   * Prints one PDF after the jobs before it; never resubmits. A printer that is not online (or
   * is leased to a technician) refuses the job before anything is sent. No commandId: the print
   * job journal decides whether a job id may print again, and a deliberate retry after `failed`
   * must really print, not get the first attempt's outcome back.
   */
  async print(jobId: string, pdf: Uint8Array, title: string): Promise<SystemJobOutcome> {
    const backend = this.backend;
    if (backend.kind === 'invalid') return { outcome: 'failed', reason: backend.reason };
    this.pending++;
    try {
      const result = await backend.supervisor.run({}, async (link) => ok(await link.print(jobId, pdf, title)));
      return result.ok ? result.value : { outcome: 'failed', reason: result.error.description };
    } finally {
      this.pending--;
      // A job is the best moment to learn that paper ran out: look at once, not at the next poll.
      await backend.supervisor.checkNow();
    }
  }
}
