// Test harness: the real driver on one end of a socat PTY pair through the real `serialport`
// package, the protocol-exact simulator on the other end.
import { createPtyPair, type PtyPair } from '../../support/ptyPair';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { IdCardSimulator, type IdCardSimulatorOptions } from '../../../drivers/idcard/IdCardSimulator';
import { SamIdCardReader, type IdCardTimings } from '../../../drivers/idcard/SamIdCardReader';
import { silentLogger, type Logger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';

export interface IdCardPtyRig {
  readonly pair: PtyPair;
  readonly simulator: IdCardSimulator;
  readonly reader: SamIdCardReader;
  readonly host: ByteTransport;
  device: ByteTransport;
  /** Re-opens the simulator's end after a replug. */
  reattachSimulator(): Promise<void>;
  close(): Promise<void>;
}

export async function createIdCardPtyRig(options: { simulator?: IdCardSimulatorOptions; timings?: Partial<IdCardTimings>; log?: Logger } = {}): Promise<IdCardPtyRig> {
  const pair = await createPtyPair('idcard');
  const simulator = new IdCardSimulator(options.simulator ?? {});
  const device = unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: 115200 }));
  simulator.attach(device);
  const host = unwrap(await openSerialTransport({ path: pair.hostPath, baudRate: 115200 }));
  const reader = new SamIdCardReader(host, { log: options.log ?? silentLogger, ...(options.timings ? { timings: options.timings } : {}) });
  const rig: IdCardPtyRig = {
    pair,
    simulator,
    reader,
    host,
    device,
    async reattachSimulator() {
      rig.device = unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: 115200 }));
      simulator.attach(rig.device);
    },
    async close() {
      reader.dispose();
      await simulator.stop();
      if (host.isOpen) await host.close();
      await pair.close();
    },
  };
  return rig;
}
