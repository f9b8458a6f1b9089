// Device access for the technician's CLI without a running core (design.md §7): enumerate the
// buses, read one ID card or watch scans on a port, or serve a simulator on a port. The CLI may
// not import drivers, so these thin wrappers are its door to them.
import type { IdCardData, ScanEvent } from '../../../src-common/api/devices';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { discoverDevices, type DiscoveryReport } from '../../../drivers/discovery/deviceDiscovery';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { describeIdCardError, SamIdCardReader, type IdCardTimings } from '../../../drivers/idcard/SamIdCardReader';
import { IdCardSimulator, ID_CARD_FAULTS, type IdCardFault } from '../../../drivers/idcard/IdCardSimulator';
import { ID_CARD_FIXTURES } from '../../../drivers/idcard/idCardFixtures';
import { BarcodeScanner } from '../../../drivers/scanner/BarcodeScanner';
import { ScannerSimulator } from '../../../drivers/scanner/ScannerSimulator';
import { classifyScan } from '../../../drivers/scanner/scanClassifier';
import { toIdCardData } from './idCardData';

export { ID_CARD_FAULTS, ID_CARD_FIXTURES };
export type { DiscoveryReport, IdCardFault };

/** SAM readers run at 115200 8N1 (docs/protocols/sam-id-card-reader.md#physical-link). */
export const ID_CARD_BAUD_RATE = 115200;

export function enumerateHardware(): Promise<DiscoveryReport> {
  return discoverDevices();
}

export interface ReadIdCardOptions {
  readonly path: string;
  readonly baudRate?: number;
  readonly timeoutMs: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly timings?: Partial<IdCardTimings>;
}

/** Opens the port, checks the SAM, waits for one card, closes. The error is a technician's sentence. */
export async function readIdCardOnPort(options: ReadIdCardOptions): Promise<Result<IdCardData, string>> {
  const opened = await openSerialTransport({ path: options.path, baudRate: options.baudRate ?? ID_CARD_BAUD_RATE });
  if (!opened.ok) return err(opened.error.message);
  const transport = opened.value;
  const reader = new SamIdCardReader(transport, { log: options.log, ...(options.timings ? { timings: options.timings } : {}) });
  try {
    const sam = await reader.checkSam(options.signal);
    if (!sam.ok) return err(`SAM check failed: ${describeIdCardError(sam.error).en}`);
    const read = await reader.waitForCard({ timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    if (!read.ok) return err(describeIdCardError(read.error).en);
    return ok(toIdCardData(read.value));
  } finally {
    reader.dispose();
    await transport.close();
  }
}

/** Prints every scan on a serial scanner's port until the signal aborts. */
export async function watchScansOnPort(options: {
  readonly path: string;
  readonly baudRate: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly onScan: (scan: ScanEvent) => void;
  /** The port is open: scans from now on are heard. */
  readonly onReady?: () => void;
}): Promise<Result<void, string>> {
  const opened = await openSerialTransport({ path: options.path, baudRate: options.baudRate });
  if (!opened.ok) return err(opened.error.message);
  options.onReady?.();
  const transport = opened.value;
  const scanner = new BarcodeScanner(transport, { mode: 'serial', log: options.log });
  scanner.onScan((text) => {
    const c = classifyScan(text);
    options.onScan({ deviceId: options.path, text, kind: c.kind, isPaymentCode: c.isPaymentCode, ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}), scannedAt: new Date().toISOString() });
  });
  const closed = new Promise<string | undefined>((resolve) => transport.onClose((e) => resolve(e ? e.message : 'port closed')));
  const aborted = new Promise<undefined>((resolve) => (options.signal.aborted ? resolve(undefined) : options.signal.addEventListener('abort', () => resolve(undefined), { once: true })));
  const why = await Promise.race([closed, aborted]);
  scanner.dispose();
  await transport.close();
  return why === undefined ? ok(undefined) : err(`${options.path}: ${why}`);
}

/** Serves the ID card simulator on a port until the signal aborts. */
export async function runIdCardSimulatorOnPort(options: {
  readonly path: string;
  readonly fixture?: string;
  readonly faults: readonly IdCardFault[];
  readonly paceBaudRate?: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly onReady?: () => void;
}): Promise<Result<void, string>> {
  // The card given on the command line is presented to every read, so one simulator serves many reads.
  const simulator = new IdCardSimulator({ log: options.log, representCardAfterRead: true, ...(options.paceBaudRate ? { paceBaudRate: options.paceBaudRate } : {}) });
  if (options.fixture && !simulator.insertCard(options.fixture)) return err(`unknown card fixture ${options.fixture}; known: ${ID_CARD_FIXTURES.map((f) => f.id).join(', ')}`);
  for (const fault of options.faults) simulator.setFault(fault);
  const opened = await openSerialTransport({ path: options.path, baudRate: ID_CARD_BAUD_RATE });
  if (!opened.ok) return err(opened.error.message);
  simulator.attach(opened.value);
  options.onReady?.();
  await untilAbortedOrClosed(options.signal, opened.value);
  await simulator.stop();
  return ok(undefined);
}

/** Sends the given scans on a port, then stays open until the signal aborts. */
export async function runScannerSimulatorOnPort(options: {
  readonly path: string;
  readonly baudRate: number;
  readonly send: readonly string[];
  readonly signal: AbortSignal;
  readonly onSent?: (text: string) => void;
}): Promise<Result<void, string>> {
  const opened = await openSerialTransport({ path: options.path, baudRate: options.baudRate });
  if (!opened.ok) return err(opened.error.message);
  const simulator = new ScannerSimulator('serial');
  simulator.attach(opened.value);
  for (const text of options.send) {
    await simulator.scan(text);
    options.onSent?.(text);
  }
  await untilAbortedOrClosed(options.signal, opened.value);
  await simulator.stop();
  return ok(undefined);
}

function untilAbortedOrClosed(signal: AbortSignal, transport: Pick<ByteTransport, 'onClose'>): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    transport.onClose(() => resolve());
  });
}
