// How a bill acceptor is reached: a real serial port (9600 8N2, protocols.md §3.1) or the
// in-process simulator over a memory pipe (demo and tests); and the simulator served on a port.
import { BillAcceptorDriver } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import { SspSimulator, type SspSimulatorOptions } from '../../../drivers/billAcceptor/ssp/SspSimulator';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { createMemoryPipe } from '../../../drivers/transport/memoryPipe';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import type { Logger } from '../../../src-common/logging';
import { ok } from '../../../src-common/result';

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
}

function driverOptions(options: BillAcceptorLinkOptions) {
  return {
    deviceId: options.deviceId,
    log: options.log,
    ...(options.encrypted ? { encrypted: true } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.acceptYuan ? { acceptYuan: options.acceptYuan } : {}),
  };
}

export function serialBillAcceptor(path: string, options: BillAcceptorLinkOptions): BillAcceptorDriver {
  return new BillAcceptorDriver({
    ...driverOptions(options),
    openTransport: () => openSerialTransport({ path, baudRate: SSP_BAUD_RATE, stopBits: SSP_STOP_BITS }),
  });
}

/** The demo/test wiring: driver and simulator in one process over a memory pipe. */
export function simulatedBillAcceptor(options: BillAcceptorLinkOptions & { readonly simulator?: SspSimulatorOptions }): { driver: BillAcceptorDriver; simulator: SspSimulator } {
  const simulator = new SspSimulator({ ...(options.encrypted ? { requireEncryption: true } : {}), ...options.simulator, log: options.log.child('simulator') });
  const driver = new BillAcceptorDriver({
    ...driverOptions(options),
    openTransport: async () => {
      const [host, device] = createMemoryPipe(options.deviceId);
      simulator.attach(device);
      return ok(host);
    },
  });
  return { driver, simulator };
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
