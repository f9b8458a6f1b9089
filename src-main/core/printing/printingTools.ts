// Technician tools behind `budayang print …` and `budayang simulate receipt-printer`: the CLI
// parses arguments and prints; these functions do the work with the same codec, driver,
// simulator and PDF code the kiosk uses.
import fs from 'node:fs';
import { EscPosPrinter, type ReceiptJobOutcome } from '../../../drivers/printer/escpos/EscPosPrinter';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { ReceiptPrinterSimulator, type PrintedElement, type SimulatedFault } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { openDeviceFileTransport } from '../../../drivers/transport/deviceFileTransport';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import { openTcpTransport } from '../../../drivers/transport/tcpTransport';
import type { ReceiptSample } from '../../../src-common/api/printing';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import { receiptEncodingOptions, type PaperWidth } from './escpos/receiptEncoding';
import { renderCalibrationPdf, renderCertificatePdf, SAMPLE_CERTIFICATE_STOCK, sampleCertificateValues, type CalibrationOffset } from './pdf/certificateDocument';
import { renderProofPdf, sampleProof } from './pdf/proofDocument';
import { sampleReceipt } from './receipts/sampleReceipts';
import { CupsPrinter, type SystemJobOutcome } from './system/CupsPrinter';

export type PdfSample = 'proof' | 'certificate' | 'calibration';

/** A port argument: `tcp://host:port`, a USB printer device `/dev/usb/lp*`, or a serial path. */
export async function openPrinterPort(port: string, baudRate: number): Promise<Result<{ transport: ByteTransport; bidirectional: boolean; baudRate?: number }, string>> {
  if (port.startsWith('tcp://')) {
    const url = new URL(port);
    const opened = await openTcpTransport(url.hostname, Number(url.port || 9100));
    return opened.ok ? ok({ transport: opened.value, bidirectional: true }) : err(opened.error.message);
  }
  if (/^\/dev\/usb\/lp\d+$/.test(port)) {
    const opened = await openDeviceFileTransport(port);
    return opened.ok ? ok({ transport: opened.value, bidirectional: false }) : err(opened.error.message);
  }
  const opened = await openSerialTransport({ path: port, baudRate });
  return opened.ok ? ok({ transport: opened.value, bidirectional: true, baudRate }) : err(opened.error.message);
}

export function sampleReceiptBytes(sample: ReceiptSample, options: { kioskCode: string; hallName: string; paper?: PaperWidth; rareName?: boolean; at?: string }): Uint8Array {
  const document = sampleReceipt(sample, { kioskCode: options.kioskCode, hallName: options.hallName, deviceId: 'cli', at: options.at ?? new Date().toISOString(), ...(options.rareName ? { rareName: true } : {}) });
  return encodeReceipt(document, receiptEncodingOptions(options.paper ?? '80mm'));
}

/** Prints bytes on a port with the kiosk's driver (status before and after) and closes it. */
export async function printBytesOnPort(port: string, baudRate: number, bytes: Uint8Array, log: Logger): Promise<Result<ReceiptJobOutcome, string>> {
  const opened = await openPrinterPort(port, baudRate);
  if (!opened.ok) return opened;
  const { transport, bidirectional } = opened.value;
  const printer = new EscPosPrinter(transport, { log, bidirectional, ...(opened.value.baudRate ? { baudRate: opened.value.baudRate } : {}) });
  try {
    return ok(await printer.printJob(bytes));
  } finally {
    printer.dispose();
    await transport.close();
  }
}

export const FAULT_NAMES: Readonly<Record<string, SimulatedFault>> = {
  'paper-out': 'paperOut',
  'near-end': 'paperNearEnd',
  'cover-open': 'coverOpen',
  offline: 'offline',
  'cutter-error': 'cutterError',
};

/** Runs the simulator on a serial port until `signal` aborts; `onElement` sees each printed element. */
export async function runReceiptPrinterSimulator(
  port: string,
  options: { baudRate: number; faults: readonly SimulatedFault[]; linesPerSecond?: number; paperLines?: number; ignoresInOrderStatus?: boolean },
  onElement: (element: PrintedElement) => void,
  signal: AbortSignal,
): Promise<Result<void, string>> {
  const opened = await openSerialTransport({ path: port, baudRate: options.baudRate });
  if (!opened.ok) return err(opened.error.message);
  const simulator = new ReceiptPrinterSimulator(opened.value, {
    initialFaults: options.faults,
    ...(options.linesPerSecond ? { linesPerSecond: options.linesPerSecond } : {}),
    ...(options.paperLines ? { paperLines: options.paperLines } : {}),
    ...(options.ignoresInOrderStatus ? { ignoresInOrderStatus: true } : {}),
  });
  simulator.onPrinted(onElement);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    opened.value.onClose(() => resolve());
  });
  simulator.dispose();
  await opened.value.close();
  return ok(undefined);
}

export async function renderSamplePdf(sample: PdfSample, offset?: CalibrationOffset): Promise<Uint8Array> {
  const createdAt = new Date().toISOString();
  switch (sample) {
    case 'proof':
      return renderProofPdf(sampleProof(createdAt));
    case 'certificate':
      return renderCertificatePdf(SAMPLE_CERTIFICATE_STOCK, sampleCertificateValues(), { createdAt, ...(offset ? { offset } : {}) });
    case 'calibration':
      return renderCalibrationPdf(SAMPLE_CERTIFICATE_STOCK, { createdAt, ...(offset ? { offset } : {}) });
    default: {
      const unreachable: never = sample;
      throw new Error(`unknown PDF sample ${String(unreachable)}`);
    }
  }
}

export function writeFileExclusive(file: string, bytes: Uint8Array): void {
  fs.writeFileSync(file, bytes, { mode: 0o644 });
}

export function printPdfOnQueue(queue: string, server: string | undefined, pdf: Uint8Array, title: string, log: Logger, signal?: AbortSignal): Promise<SystemJobOutcome> {
  return new CupsPrinter({ queue, log, ...(server ? { server } : {}) }).printPdf(pdf, title, signal);
}
