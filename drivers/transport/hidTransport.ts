// The HID seam: `MinimalHidDevice` (write a report, hear reports, close) over node-hid 3, and two
// ByteTransports on top of it: a report stream (one chunk per input report, for HID POS scanners)
// and a framed stream that carries ordinary byte frames (e.g. SAM frames) inside HID reports.
import HID from 'node-hid';
import { err, ok, type Result } from '../../src-common/result';
import { Emitter, type Event } from '../../src-common/event';
import type { ByteTransport } from './ByteTransport';

/** What a driver needs from an HID device; node-hid's HIDAsync is adapted to it, tests fake it. */
export interface MinimalHidDevice {
  readonly description: string;
  /** Sends one output report; `report[0]` is the report id (0 for devices without numbered reports). */
  writeReport(report: Uint8Array): Promise<void>;
  /** Input reports as node-hid delivers them (numbered reports keep their id byte first). */
  readonly onReport: Event<Uint8Array>;
  /** Fires once when the device goes away or is closed. */
  readonly onClose: Event<Error | undefined>;
  close(): Promise<void>;
}

/**
 * Framing of bytes inside HID reports. No public spec exists for SAM readers over HID
 * (docs/protocols/sam-id-card-reader.md#usb-and-hid-transport, unverified); this is the common vendor pattern and an assumption to check
 * per model: output = [reportId, n, n payload bytes, zero padding]; input = [reportId?, n, payload].
 */
export interface HidFraming {
  /** Report id written as the first byte of every output report. */
  readonly reportId: number;
  /** Output report size in bytes, report id included (64 for full-speed HID). */
  readonly reportSize: number;
  /** Whether input reports start with a report id byte to strip. */
  readonly inputHasReportId: boolean;
}

export const DEFAULT_HID_FRAMING: HidFraming = { reportId: 0x00, reportSize: 65, inputHasReportId: false };

/** A ByteTransport whose chunks are whole input reports (report id stripped when numbered). */
export function hidReportStream(device: MinimalHidDevice, options: { readonly inputHasReportId: boolean }): ByteTransport {
  return new HidByteTransport(device, (report) => (options.inputHasReportId ? report.subarray(1) : report), (data) => [data]);
}

/** A ByteTransport carrying arbitrary byte frames in length-prefixed HID reports. */
export function hidFramedTransport(device: MinimalHidDevice, framing: HidFraming = DEFAULT_HID_FRAMING): ByteTransport {
  const room = framing.reportSize - 2;
  return new HidByteTransport(
    device,
    (report) => {
      const body = framing.inputHasReportId ? report.subarray(1) : report;
      const n = body[0] ?? 0;
      return body.subarray(1, 1 + Math.min(n, body.length - 1));
    },
    (data) => {
      const reports: Uint8Array[] = [];
      for (let i = 0; i < data.length; i += room) {
        const part = data.subarray(i, i + room);
        const report = new Uint8Array(framing.reportSize);
        report[0] = framing.reportId;
        report[1] = part.length;
        report.set(part, 2);
        reports.push(report);
      }
      return reports;
    },
  );
}

class HidByteTransport implements ByteTransport {
  private readonly dataEmitter = new Emitter<Uint8Array>();
  private readonly closeEmitter = new Emitter<Error | undefined>();
  readonly onData = this.dataEmitter.event;
  readonly onClose = this.closeEmitter.event;
  private open = true;

  constructor(
    private readonly device: MinimalHidDevice,
    unwrap: (report: Uint8Array) => Uint8Array,
    private readonly wrap: (data: Uint8Array) => Uint8Array[],
  ) {
    device.onReport((report) => {
      const payload = unwrap(report);
      if (payload.length > 0) this.dataEmitter.fire(payload);
    });
    device.onClose((error) => this.finish(error));
  }

  get description(): string {
    return this.device.description;
  }

  get isOpen(): boolean {
    return this.open;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open) throw new Error(`${this.description}: HID device is closed`);
    for (const report of this.wrap(data)) await this.device.writeReport(report);
  }

  async close(): Promise<void> {
    await this.device.close();
    this.finish();
  }

  private finish(error?: Error): void {
    if (!this.open) return;
    this.open = false;
    this.closeEmitter.fire(error);
    this.closeEmitter.dispose();
    this.dataEmitter.dispose();
  }
}

/** The HID device to open, as discovery found it (deviceDiscovery.ts `findDevice`). */
export interface HidOpenTarget {
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
}

/** Opens a real HID device through node-hid by its path; a failure is a Result error naming it. */
export async function openHidDevice(target: HidOpenTarget): Promise<Result<MinimalHidDevice, Error>> {
  const name = `hid:${hex4(target.vendorId)}:${hex4(target.productId)}@${target.path}`;
  try {
    const device = await HID.HIDAsync.open(target.path);
    return ok(adaptNodeHid(device, name));
  } catch (e) {
    return err(new Error(`${name}: cannot open: ${(e as Error).message}`, { cause: e }));
  }
}

function adaptNodeHid(device: HID.HIDAsync, description: string): MinimalHidDevice {
  const reports = new Emitter<Uint8Array>();
  const closes = new Emitter<Error | undefined>();
  let closed = false;
  const finish = (error?: Error) => {
    if (closed) return;
    closed = true;
    closes.fire(error);
  };
  device.on('data', (data: Buffer) => reports.fire(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  device.on('error', (error: Error) => finish(error));
  return {
    description,
    writeReport: async (report) => {
      await device.write(Buffer.from(report));
    },
    onReport: reports.event,
    onClose: closes.event,
    close: async () => {
      if (!closed) await device.close().catch(() => undefined);
      finish();
    },
  };
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
