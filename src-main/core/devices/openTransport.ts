// Opens the byte transport a device's config names (kiosk-config TransportConfig): a serial
// path, a USB-serial adapter by VID/PID, an HID device, or an in-memory pipe to the device's
// simulator. Failures are values naming the device and the cause.
import type { TransportConfig } from '../../../kiosk-config/schema';
import { err, ok, type Result } from '../../../src-common/result';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { hidFramedTransport, hidReportStream, openHidDevice, DEFAULT_HID_FRAMING } from '../../../drivers/transport/hidTransport';
import { listSerialPorts } from '../../../drivers/discovery/deviceDiscovery';

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

export async function openTransport(config: TransportConfig, options: OpenTransportOptions): Promise<Result<ByteTransport, Error>> {
  switch (config.kind) {
    case 'serial':
      return openSerialTransport({ path: config.path, baudRate: config.baudRate });
    case 'serialMatch': {
      const ports = await listSerialPorts();
      if (!ports.ok) return err(new Error(`${options.label}: ${ports.error}`));
      const port = ports.value.find((p) => p.vendorId === config.vendorId.toLowerCase() && p.productId === config.productId.toLowerCase());
      if (!port) return err(new Error(`${options.label}: no serial port with USB id ${config.vendorId}:${config.productId} is present`));
      return openSerialTransport({ path: port.path, baudRate: config.baudRate });
    }
    case 'hid': {
      const device = await openHidDevice({ vendorId: config.vendorId, productId: config.productId, ...(config.usagePage !== undefined ? { usagePage: config.usagePage } : {}) });
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
