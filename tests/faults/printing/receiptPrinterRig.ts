// Test rig (not a test): the ESC/POS simulator on the device end of a real socat PTY pair and
// the driver on the host end, both through the real `serialport` package at 115200 baud.
import { EscPosPrinter } from '../../../drivers/printer/escpos/EscPosPrinter';
import { ReceiptPrinterSimulator, type ReceiptPrinterSimulatorOptions } from '../../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { encodeReceipt } from '../../../drivers/printer/escpos/encodeReceipt';
import { openSerialTransport } from '../../../drivers/transport/serialTransport';
import type { ByteTransport } from '../../../drivers/transport/ByteTransport';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { receiptEncodingOptions } from '../../../src-main/core/printing/escpos/receiptEncoding';
import { sampleReceipt } from '../../../src-main/core/printing/receipts/sampleReceipts';
import { createPtyPair, type PtyPair } from '../../support/ptyPair';

export const BAUD = 115200;

export interface ReceiptPrinterRig {
  readonly pty: PtyPair;
  readonly simulator: ReceiptPrinterSimulator;
  readonly printer: EscPosPrinter;
  readonly host: ByteTransport;
  close(): Promise<void>;
}

export async function startReceiptPrinterRig(options: ReceiptPrinterSimulatorOptions = {}): Promise<ReceiptPrinterRig> {
  const pty = await createPtyPair('escpos');
  const device = unwrap(await openSerialTransport({ path: pty.devicePath, baudRate: BAUD }));
  const simulator = new ReceiptPrinterSimulator(device, options);
  const host = unwrap(await openSerialTransport({ path: pty.hostPath, baudRate: BAUD }));
  const printer = new EscPosPrinter(host, { log: silentLogger, bidirectional: true, baudRate: BAUD });
  return {
    pty,
    simulator,
    printer,
    host,
    close: async () => {
      printer.dispose();
      simulator.dispose();
      await host.close();
      await device.close().catch(() => undefined);
      await pty.close();
    },
  };
}

export const sampleContext = { hallName: '黄石市民之家', kioskCode: 'TEST01', deviceId: 'receipt-printer', at: '2026-11-26T08:00:00Z' };

export function acceptanceBytes(): Uint8Array {
  return encodeReceipt(sampleReceipt('acceptance', sampleContext), receiptEncodingOptions());
}

