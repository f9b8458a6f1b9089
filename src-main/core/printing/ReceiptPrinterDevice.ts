// One configured ESC/POS receipt printer in the core: its link (serial, USB device file, TCP
// 9100 or the in-process simulator) under the shared DeviceSupervisor (reconnect with backoff,
// idle health checks, one command at a time), and the mapping of DLE EOT status to the
// device status model.
import type { DeviceConfig } from '../../../kiosk-config/schema';
import type { DeviceDetail } from '../../../src-common/domain/device';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { EscPosPrinter, type ReceiptJobOutcome } from '../../../drivers/printer/escpos/EscPosPrinter';
import { readinessOf, type PrinterCondition } from '../../../drivers/printer/escpos/printerStatus';
import { ReceiptPrinterSimulator, type SimulatedFault } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { openDeviceFileTransport } from '../../../drivers/transport/deviceFileTransport';
import { openTcpTransport } from '../../../drivers/transport/tcpTransport';
import { DeviceSupervisor, type DeviceFault, type DeviceInspection, type SupervisorTimings } from '../devices/DeviceSupervisor';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';
import { openTransport } from '../devices/openTransport';

type Detail = Extract<DeviceDetail, { kind: 'printer' }>;
const UNKNOWN_DETAIL: Detail = { kind: 'printer', paper: 'unknown', coverOpen: false, cutterError: false };

export function printerDetailOf(c: PrinterCondition): Detail {
  return { kind: 'printer', paper: c.paperOut ? 'out' : c.paperNearEnd ? 'low' : 'ok', coverOpen: c.coverOpen, cutterError: c.cutterError };
}

/** DLE EOT condition → online (paper may be low) or the fault the status board shows. */
export function inspectionOf(c: PrinterCondition): Result<DeviceInspection, DeviceFault> {
  const detail = printerDetailOf(c);
  const readiness = readinessOf(c);
  if (readiness.ready) return ok({ detail });
  // Paper and cover are cleared by an attendant; cutter and head errors need a technician.
  const attendant = c.paperOut || c.coverOpen;
  return err({ state: attendant ? 'userError' : c.cutterError || c.unrecoverableError || c.autoRecoverableError ? 'hardwareError' : 'offline', reason: readiness.reason, detail });
}

export interface ReceiptPrinterDeviceOptions {
  readonly device: DeviceConfig;
  readonly statuses: DeviceStatusBoard;
  readonly log: Logger;
  readonly citizenSession: () => string | undefined;
  readonly timings?: Partial<SupervisorTimings>;
}

export class ReceiptPrinterDevice {
  readonly supervisor: DeviceSupervisor<EscPosPrinter>;
  /** Present when the transport is `simulator` (demo and test profiles). */
  readonly simulator: ReceiptPrinterSimulator | undefined;
  readonly endpoint: string;

  constructor(private readonly options: ReceiptPrinterDeviceOptions) {
    const { device, log } = options;
    const transport = device.transport;
    const simulatorOptions = transport.kind === 'simulator' ? transport.options : {};
    this.simulator =
      transport.kind === 'simulator'
        ? new ReceiptPrinterSimulator(undefined, {
            ...(typeof simulatorOptions.paperLines === 'number' ? { paperLines: simulatorOptions.paperLines } : {}),
            ...(typeof simulatorOptions.nearEndLines === 'number' ? { nearEndLines: simulatorOptions.nearEndLines } : {}),
            ...(Array.isArray(simulatorOptions.faults) ? { initialFaults: simulatorOptions.faults as SimulatedFault[] } : {}),
            ...(simulatorOptions.ignoresInOrderStatus === true ? { ignoresInOrderStatus: true } : {}),
          })
        : undefined;
    this.endpoint = describeTransport(device);
    const bidirectional = transport.kind !== 'deviceFile';
    const baudRate = transport.kind === 'serial' || transport.kind === 'serialMatch' ? transport.baudRate : undefined;
    this.supervisor = new DeviceSupervisor<EscPosPrinter>({
      deviceId: device.id,
      deviceClass: 'receiptPrinter',
      statuses: options.statuses,
      log,
      initialDetail: UNKNOWN_DETAIL,
      citizenSession: options.citizenSession,
      ...(options.timings ? { timings: options.timings } : {}),
      open: () => this.open(),
      attach: (link: ByteTransport) => new EscPosPrinter(link, { log, bidirectional, ...(baudRate ? { baudRate } : {}) }),
      detach: (printer) => printer.dispose(),
      inspect: async (printer) => {
        if (!printer.isOpen) return err({ state: 'offline', reason: `${printer.description}: link closed`, reconnect: true });
        // A one-way link can only say it is open; jobs on it end `unknown`.
        if (!bidirectional) return ok({ detail: UNKNOWN_DETAIL });
        const condition = await printer.queryCondition();
        if (!condition.ok) return err({ state: 'offline', reason: condition.error, reconnect: true });
        const inspection = inspectionOf(condition.value);
        // Probe once per link, on a ready printer: does it answer GS r, or are jobs confirmed by DLE EOT?
        if (inspection.ok && !printer.completionCheck) await printer.probeCompletionCheck();
        return inspection;
      },
    });
  }

  get deviceId(): string {
    return this.options.device.id;
  }

  /** Starts supervision; resolves once the printer was first opened and inspected (or not reached). */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  stop(): Promise<void> {
    return this.supervisor.stop();
  }

  /**
   * Prints one job; a printer that is not online refuses it before any byte is sent. A repeated
   * `commandId` gets the first attempt's outcome instead of printing again.
   */
  async print(commandId: string, bytes: Uint8Array): Promise<ReceiptJobOutcome> {
    const result = await this.supervisor.run({ commandId }, async (printer) => ok(await printer.printJob(bytes)));
    if (!result.ok) return { outcome: 'failed', sent: false, reason: result.error.description };
    return result.value;
  }

  private async open(): Promise<Result<ByteTransport, Error>> {
    const { device } = this.options;
    const transport = device.transport;
    switch (transport.kind) {
      case 'tcp':
        return openTcpTransport(transport.host, transport.port);
      case 'deviceFile':
        return openDeviceFileTransport(transport.path);
      case 'serial':
      case 'serialMatch':
      case 'simulator':
        return openTransport(transport, { label: device.id, ...(this.simulator ? { simulator: this.simulator } : {}) });
      case 'hid':
      case 'systemPrinter':
        return err(new Error(`${device.id}: an ESC/POS printer cannot use a "${transport.kind}" transport`));
      default: {
        const unreachable: never = transport;
        return err(new Error(`${device.id}: unknown transport ${JSON.stringify(unreachable)}`));
      }
    }
  }
}

export function describeTransport(device: DeviceConfig): string {
  const t = device.transport;
  switch (t.kind) {
    case 'serial':
      return `${t.path}@${t.baudRate}`;
    case 'serialMatch':
      return `usb-serial ${t.vendorId}:${t.productId}@${t.baudRate}`;
    case 'hid':
      return `hid ${t.vendorId}:${t.productId}`;
    case 'tcp':
      return `tcp://${t.host}:${t.port}`;
    case 'deviceFile':
      return t.path;
    case 'systemPrinter':
      return `queue ${t.queue}`;
    case 'simulator':
      return 'simulator';
    default: {
      const unreachable: never = t;
      return String(unreachable);
    }
  }
}
