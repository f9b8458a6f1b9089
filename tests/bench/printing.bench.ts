// Printing benchmarks: receipt template → ESC/POS bytes; a whole receipt job over a real PTY at
// 115200 baud (status before, bytes, in-order barrier, status after) against the line time of
// its bytes; and the A4 proof PDF (warm render time and size).
import { performance } from 'node:perf_hooks';
import { EscPosPrinter } from '../../drivers/printer/escpos/EscPosPrinter';
import { encodeReceipt } from '../../drivers/printer/escpos/encodeReceipt';
import { ReceiptPrinterSimulator } from '../../drivers/printer/escpos/ReceiptPrinterSimulator';
import { openSerialTransport } from '../../drivers/transport/serialTransport';
import { silentLogger } from '../../src-common/logging';
import { unwrap } from '../../src-common/result';
import { receiptEncodingOptions } from '../../src-main/core/printing/escpos/receiptEncoding';
import { renderProofPdf, sampleProof } from '../../src-main/core/printing/pdf/proofDocument';
import { sampleReceipt } from '../../src-main/core/printing/receipts/sampleReceipts';
import { createPtyPair } from '../support/ptyPair';
import type { BenchFigure } from './types';

const BAUD = 115200;
const BITS_PER_BYTE = 10; // 8N1
const context = { hallName: '黄石市民之家', kioskCode: 'DEMO01', deviceId: 'receipt-printer', at: '2026-11-26T08:00:00Z' };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function encodeFigures(): BenchFigure[] {
  const options = receiptEncodingOptions();
  const document = sampleReceipt('acceptance', context);
  const rare = sampleReceipt('acceptance', { ...context, rareName: true });
  for (let i = 0; i < 20; i++) {
    encodeReceipt(document, options);
    encodeReceipt(rare, options);
  }
  const plain: number[] = [];
  const raster: number[] = [];
  for (let i = 0; i < 200; i++) {
    let t = performance.now();
    encodeReceipt(document, options);
    plain.push(performance.now() - t);
    t = performance.now();
    encodeReceipt(rare, options);
    raster.push(performance.now() - t);
  }
  const m = median(plain);
  return [
    { name: 'acceptance receipt template → ESC/POS bytes (warm median)', value: round(m, 3), unit: 'ms', target: '≤ 5 ms', ratio: round(m / 5, 3) },
    { name: 'same, with a rare-character name drawn as a raster line', value: round(median(raster), 3), unit: 'ms', target: '≤ 5 ms', ratio: round(median(raster) / 5, 3), note: 'glyph outline fill of one 576×24 line' },
  ];
}

async function ptyFigures(): Promise<BenchFigure[]> {
  const pair = await createPtyPair('bench-escpos');
  const device = unwrap(await openSerialTransport({ path: pair.devicePath, baudRate: BAUD }));
  // The simulator takes bytes in at the line rate: a PTY itself passes them at memory speed.
  const simulator = new ReceiptPrinterSimulator(device, { paceBaudRate: BAUD });
  const host = unwrap(await openSerialTransport({ path: pair.hostPath, baudRate: BAUD }));
  const printer = new EscPosPrinter(host, { log: silentLogger, bidirectional: true, baudRate: BAUD });
  const bytes = encodeReceipt(sampleReceipt('acceptance', context), receiptEncodingOptions());
  const lineTimeMs = (bytes.length * BITS_PER_BYTE * 1000) / BAUD;
  try {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const outcome = await printer.printJob(bytes);
      times.push(performance.now() - t);
      if (outcome.outcome !== 'printed') throw new Error(`bench job ${i} ended ${outcome.outcome}`);
    }
    const m = median(times);
    return [
      { name: 'acceptance receipt over a 115200-baud PTY, status before/after included (median of 7)', value: round(m, 1), unit: 'ms', target: `≤ 1.2 × line time (${round(lineTimeMs, 1)} ms for ${bytes.length} bytes)`, ratio: round(m / lineTimeMs, 3), note: `${simulator.receipts().length} receipts printed; per job: DLE EOT 1–4 before and after (one round trip each) + the GS r barrier; the simulator takes bytes in at the line rate` },
    ];
  } finally {
    printer.dispose();
    simulator.dispose();
    await host.close();
    await device.close().catch(() => undefined);
    await pair.close();
  }
}

async function pdfFigures(): Promise<BenchFigure[]> {
  const data = sampleProof();
  for (let i = 0; i < 5; i++) await renderProofPdf(data);
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const pdf = await renderProofPdf(data);
    times.push(performance.now() - t);
    size = pdf.length;
  }
  const m = median(times);
  return [
    { name: 'A4 proof PDF render (warm median of 15)', value: round(m, 1), unit: 'ms', target: '≤ 150 ms', ratio: round(m / 150, 3), note: 'subset Noto Sans SC, PDF/A-2b, vector QR and seal' },
    { name: 'A4 proof PDF size', value: round(size / 1024, 1), unit: 'KB', target: '≤ 200 KB', ratio: round(size / 1024 / 200, 3) },
  ];
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function run(): Promise<BenchFigure[]> {
  return [...encodeFigures(), ...(await ptyFigures()), ...(await pdfFigures())];
}
