// How a bill acceptor is reached: a real serial port (9600 8N2,
// docs/protocols/itl-ssp.md#link) or the in-process simulator over a memory pipe (demo and
// tests), each as a BillAcceptorDevice under the device supervisor; and the simulator served on
// a port (the far end of a PTY in tests, or a spare serial port for a technician).
import { SspSimulator, type SspSimulatorOptions } from '../../../drivers/billAcceptor/ssp/SspSimulator';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import type { Logger } from '../../../src-common/logging';
import { ok } from '../../../src-common/result';
import { BillAcceptorDevice } from '../devices/BillAcceptorDevice';
import type { DeviceStatusBoard } from '../devices/DeviceStatusBoard';

/** SSP line settings from the manual's hardware table. */
export const SSP_BAUD_RATE = 9600;
export const SSP_STOP_BITS = 2;
/** How often a served simulator retries opening its port after an unplug. */
export const SIMULATOR_REOPEN_MS = 200;

export interface BillAcceptorLinkOptions {
  readonly deviceId: string;
  readonly log: Logger;
  readonly encrypted?: boolean;
  readonly pollIntervalMs?: number;
  readonly acceptYuan?: readonly number[];
  /** The core's status board and session check; the CLI (no core) leaves them out. */
  readonly statuses?: DeviceStatusBoard;
  readonly citizenSession?: () => string | undefined;
}

function deviceOptions(options: BillAcceptorLinkOptions) {
  return {
    deviceId: options.deviceId,
    log: options.log,
    ...(options.encrypted ? { encrypted: true } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.acceptYuan ? { acceptYuan: options.acceptYuan } : {}),
    ...(options.statuses ? { statuses: options.statuses } : {}),
    ...(options.citizenSession ? { citizenSession: options.citizenSession } : {}),
  };
}

export function serialBillAcceptor(path: string, options: BillAcceptorLinkOptions): BillAcceptorDevice {
  return new BillAcceptorDevice({
    ...deviceOptions(options),
    open: () => openSerialTransport({ path, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS }),
  });
}

/** The demo/test wiring: device and simulator in one process over a memory pipe. */
export function simulatedBillAcceptor(options: BillAcceptorLinkOptions & { readonly simulator?: SspSimulatorOptions }): { device: BillAcceptorDevice; simulator: SspSimulator } {
  const simulator = new SspSimulator({ ...(options.encrypted ? { requireEncryption: true } : {}), ...options.simulator, log: options.log.child('simulator') });
  const device = new BillAcceptorDevice({
    ...deviceOptions(options),
    open: async () => {
      const [host, deviceEnd] = createMemoryPipe(options.deviceId);
      simulator.attach(deviceEnd);
      return ok(host);
    },
  });
  return { device, simulator };
}

export interface ServedSimulator {
  readonly simulator: SspSimulator;
  /** Resolves once the port is open for the first time (so a host's first SYNC is not lost). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** Serves the simulator on a serial device (a socat PTY end), reopening it after an unplug. */
export function serveSimulatorOnPort(path: string, options: SspSimulatorOptions & { readonly log: Logger }): ServedSimulator {
  const simulator = new SspSimulator(options);
  let stopped = false;
  let current: ByteTransport | undefined;
  let wake: (() => void) | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const loop = (async () => {
    while (!stopped) {
      const opened = await openSerialTransport({ path, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS });
      if (opened.ok) {
        current = opened.value;
        simulator.attach(current);
        markReady();
        options.log.info('sim.port_open', { path });
        await new Promise<void>((resolve) => {
          wake = resolve;
          current!.onClose(() => resolve());
        });
        current = undefined;
        options.log.info('sim.port_closed', { path });
      }
      if (!stopped) await new Promise((r) => setTimeout(r, SIMULATOR_REOPEN_MS));
    }
  })();
  return {
    simulator,
    ready,
    stop: async () => {
      stopped = true;
      markReady();
      await current?.close().catch(() => undefined);
      wake?.();
      await loop;
      simulator.dispose();
    },
  };
}
