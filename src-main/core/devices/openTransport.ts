// Opens the byte transport a device's config names (kiosk-config TransportConfig): a serial
// path, a USB-serial adapter by VID/PID, an HID device, or an in-memory pipe to the device's
// simulator. USB and HID devices are found by discovery's matcher (the same one the hot-plug
// watcher uses). Failures are values naming the device and the cause.
import type { TransportConfig } from '../../../kiosk-config/schema';
import { err, ok, type Result } from '../../../src-common/result';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { hidFramedTransport, hidReportStream, openHidDevice, DEFAULT_HID_FRAMING } from '../../../drivers/transport/hidTransport';
import { findDevice, type DeviceMatch } from '../../../drivers/discovery/deviceDiscovery';

/** The device's side of an in-process simulator: anything that serves a protocol on a transport. */
export interface SimulatorEndpoint {
  /** False while the simulator's "cable" is pulled: opens are refused, as with a missing device. */
  readonly isPlugged: boolean;
  attach(deviceEnd: ByteTransport): void;
}

export interface OpenTransportOptions {
  /** Name for messages, usually the device id. */
  readonly label: string;
  /** How bytes ride HID reports: whole reports (HID POS) or length-prefixed frames (SAM over HID). */
  readonly hidPayload?: 'reports' | 'framedBytes';
  /** Required for `simulator` transports. */
  readonly simulator?: SimulatorEndpoint;
  /** Simulated line rate of the in-memory pipe (bits per second); absent = immediate. */
  readonly simulatorBaudRate?: number;
}

/** What discovery matches a configured transport by; undefined for transports it does not enumerate. */
export function deviceMatchFor(config: TransportConfig): DeviceMatch | undefined {
  switch (config.kind) {
    case 'serial':
      return { kind: 'path', path: config.path };
    case 'serialMatch':
      return { kind: 'serialUsb', vendorId: config.vendorId, productId: config.productId };
    case 'hid':
      return { kind: 'hid', vendorId: config.vendorId, productId: config.productId, ...(config.usagePage !== undefined ? { usagePage: config.usagePage } : {}) };
    case 'tcp':
    case 'deviceFile':
    case 'systemPrinter':
    case 'simulator':
      return undefined;
  }
}

export async function openTransport(config: TransportConfig, options: OpenTransportOptions): Promise<Result<ByteTransport, Error>> {
  switch (config.kind) {
    case 'serial':
      return openSerialTransport({ path: config.path, baudRate: config.baudRate });
    case 'serialMatch': {
      const found = await findDevice({ kind: 'serialUsb', vendorId: config.vendorId, productId: config.productId });
      if (!found.ok) return err(new Error(`${options.label}: ${found.error}`));
      return openSerialTransport({ path: found.value.path, baudRate: config.baudRate });
    }
    case 'hid': {
      const found = await findDevice({ kind: 'hid', vendorId: config.vendorId, productId: config.productId, ...(config.usagePage !== undefined ? { usagePage: config.usagePage } : {}) });
      if (!found.ok) return err(new Error(`${options.label}: ${found.error}`));
      if (found.value.bus !== 'hid') return err(new Error(`${options.label}: ${found.value.path} is not an HID device`));
      const device = await openHidDevice(found.value);
      if (!device.ok) return device;
      return ok(options.hidPayload === 'framedBytes' ? hidFramedTransport(device.value, DEFAULT_HID_FRAMING) : hidReportStream(device.value, { inputHasReportId: false }));
    }
    case 'simulator': {
      const simulator = options.simulator;
      if (!simulator) return err(new Error(`${options.label}: no simulator exists for this device's driver`));
      if (!simulator.isPlugged) return err(new Error(`${options.label}: simulated device is unplugged`));
      const [host, device] = createMemoryPipe(options.label, options.simulatorBaudRate ? { baudRate: options.simulatorBaudRate } : {});
      simulator.attach(device);
      return ok(host);
    }
    case 'tcp':
    case 'deviceFile':
    case 'systemPrinter':
      return err(new Error(`${options.label}: transport kind "${config.kind}" is opened by its printer module, not the device layer`));
  }
}
