// Discovery (design.md §4): enumerate serial ports and HID devices, match them against a
// device's configured transport by VID/PID or path, and re-enumerate periodically so hot-plug
// is noticed. Enumeration failures are values that say what is missing, not obscure throws.
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import HID from 'node-hid';
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../src-common/result';

export interface SerialPortEntry {
  readonly bus: 'serial';
  readonly path: string;
  /** Lower-case 4-digit hex, absent for built-in UARTs and PTYs. */
  readonly vendorId?: string;
  readonly productId?: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
}

export interface HidEntry {
  readonly bus: 'hid';
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage?: number;
  readonly product?: string;
  readonly manufacturer?: string;
}

export type DiscoveredDevice = SerialPortEntry | HidEntry;

export interface DiscoveryReport {
  readonly serial: readonly SerialPortEntry[];
  readonly hid: readonly HidEntry[];
  /** One sentence per bus that could not be enumerated (e.g. udevadm missing); empty when all worked. */
  readonly problems: readonly string[];
}

/** Where `udevadm` is expected; serialport's Linux lister runs it to get VID/PID. */
function udevadmAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('udevadm', ['--version'], { timeout: 2000 }, (error) => resolve(!error));
  });
}

/** Lists serial ports. On Linux without udevadm it says so instead of failing obscurely. */
export async function listSerialPorts(): Promise<Result<SerialPortEntry[], string>> {
  if (process.platform === 'linux' && !(await udevadmAvailable())) {
    return err('cannot enumerate serial ports: `udevadm` is not installed (install the udev/systemd package), so VID/PID matching is unavailable; configure serial devices by path instead');
  }
  try {
    const ports = await SerialPort.list();
    return ok(
      ports.map((p) => ({
        bus: 'serial' as const,
        path: p.path,
        ...(p.vendorId ? { vendorId: p.vendorId.toLowerCase() } : {}),
        ...(p.productId ? { productId: p.productId.toLowerCase() } : {}),
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      })),
    );
  } catch (e) {
    return err(`cannot enumerate serial ports: ${(e as Error).message}`);
  }
}

/** Lists HID devices through node-hid (hidraw on Linux). */
export async function listHidDevices(): Promise<Result<HidEntry[], string>> {
  try {
    const devices = await HID.devicesAsync();
    return ok(
      devices
        .filter((d) => d.path)
        .map((d) => ({
          bus: 'hid' as const,
          path: d.path!,
          vendorId: d.vendorId,
          productId: d.productId,
          ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
          ...(d.product ? { product: d.product } : {}),
          ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
        })),
    );
  } catch (e) {
    return err(`cannot enumerate HID devices: ${(e as Error).message}`);
  }
}

export async function discoverDevices(): Promise<DiscoveryReport> {
  const [serial, hid] = await Promise.all([listSerialPorts(), listHidDevices()]);
  return {
    serial: serial.ok ? serial.value : [],
    hid: hid.ok ? hid.value : [],
    problems: [...(serial.ok ? [] : [serial.error]), ...(hid.ok ? [] : [hid.error])],
  };
}

/** What a configured device is matched by (the shape of kiosk-config's TransportConfig variants). */
export type DeviceMatch =
  /** A fixed path (serial port, PTY): present when the path exists. */
  | { readonly kind: 'path'; readonly path: string }
  /** A USB-serial adapter by VID/PID (hex strings). */
  | { readonly kind: 'serialUsb'; readonly vendorId: string; readonly productId: string }
  /** An HID device by VID/PID and optional usage page. */
  | { readonly kind: 'hid'; readonly vendorId: number; readonly productId: number; readonly usagePage?: number };

/** The first enumerated entry that matches, or undefined. Pure. */
export function matchDevice(report: DiscoveryReport, match: DeviceMatch): DiscoveredDevice | undefined {
  switch (match.kind) {
    case 'path':
      return report.serial.find((p) => p.path === match.path) ?? (fs.existsSync(match.path) ? { bus: 'serial', path: match.path } : undefined);
    case 'serialUsb':
      return report.serial.find((p) => p.vendorId === match.vendorId.toLowerCase() && p.productId === match.productId.toLowerCase());
    case 'hid':
      return report.hid.find(
        (d) => d.vendorId === match.vendorId && d.productId === match.productId && (match.usagePage === undefined || d.usagePage === match.usagePage),
      );
  }
}

/** Enumerates only the bus a match needs and returns the device it finds, or why it found none. */
export async function findDevice(match: DeviceMatch): Promise<Result<DiscoveredDevice, string>> {
  const report: DiscoveryReport =
    match.kind === 'hid'
      ? await listHidDevices().then((hid) => ({ serial: [], hid: hid.ok ? hid.value : [], problems: hid.ok ? [] : [hid.error] }))
      : match.kind === 'serialUsb'
        ? await listSerialPorts().then((serial) => ({ serial: serial.ok ? serial.value : [], hid: [], problems: serial.ok ? [] : [serial.error] }))
        : { serial: [], hid: [], problems: [] };
  const found = matchDevice(report, match);
  if (found) return ok(found);
  if (report.problems.length > 0) return err(report.problems.join('; '));
  return err(`no device matches ${describeMatch(match)}`);
}

export function describeMatch(match: DeviceMatch): string {
  switch (match.kind) {
    case 'path':
      return `path ${match.path}`;
    case 'serialUsb':
      return `USB serial ${match.vendorId}:${match.productId}`;
    case 'hid':
      return `HID ${hex4(match.vendorId)}:${hex4(match.productId)}${match.usagePage !== undefined ? ` usage page 0x${match.usagePage.toString(16)}` : ''}`;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/**
 * How often the watcher re-enumerates: hot-plug is noticed within this time, and one
 * enumeration (a udevadm run) every 2 s costs little on a kiosk PC.
 */
export const DISCOVERY_INTERVAL_MS = 2000;

/** Change between two enumerations, keyed by bus and path. */
export interface DiscoveryChange {
  readonly added: readonly DiscoveredDevice[];
  readonly removed: readonly DiscoveredDevice[];
  readonly report: DiscoveryReport;
}

/** Re-enumerates periodically and reports additions and removals (hot-plug). */
export class DiscoveryWatcher {
  private timer: NodeJS.Timeout | undefined;
  private known = new Map<string, DiscoveredDevice>();
  private running = false;

  constructor(
    private readonly onChange: (change: DiscoveryChange) => void,
    private readonly options: { readonly intervalMs?: number; readonly enumerate?: () => Promise<DiscoveryReport> } = {},
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      if (this.running) return;
      this.running = true;
      try {
        await this.scanOnce();
      } finally {
        this.running = false;
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.options.intervalMs ?? DISCOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async scanOnce(): Promise<DiscoveryChange> {
    const report = await (this.options.enumerate ?? discoverDevices)();
    const next = new Map<string, DiscoveredDevice>();
    for (const d of [...report.serial, ...report.hid]) next.set(`${d.bus}:${d.path}`, d);
    const added = [...next.entries()].filter(([k]) => !this.known.has(k)).map(([, d]) => d);
    const removed = [...this.known.entries()].filter(([k]) => !next.has(k)).map(([, d]) => d);
    this.known = next;
    const change = { added, removed, report };
    if (added.length > 0 || removed.length > 0) this.onChange(change);
    return change;
  }
}
