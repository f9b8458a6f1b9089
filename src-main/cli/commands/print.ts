// `budayang print receipt|pdf` and `budayang simulate receipt-printer`: print samples on a real
// receipt printer or CUPS queue, save their bytes, or stand in for a receipt printer on a port.
import { silentLogger } from '../../../src-common/logging';
import type { ReceiptSample } from '../../../src-common/api/printing';
import { formatElement } from '../../core/printing/receipts/formatElement';
import { FAULT_NAMES, printBytesOnPort, printPdfOnQueue, renderSamplePdf, runReceiptPrinterSimulator, sampleReceiptBytes, writeFileExclusive, type PdfSample } from '../../core/printing/printingTools';
import { intOption, parseCommandArgs } from '../args';
import { println, type CliCommand } from '../command';

const RECEIPT_SAMPLES: Readonly<Record<string, ReceiptSample>> = { acceptance: 'acceptance', payment: 'payment', refund: 'refundClaim', cash: 'cashCollection', test: 'testPage' };
const PDF_SAMPLES: readonly PdfSample[] = ['proof', 'certificate', 'calibration'];

const printReceipt: CliCommand = {
  path: ['print', 'receipt'],
  summary: 'Prints a sample receipt on an ESC/POS printer (serial path, /dev/usb/lpN or tcp://host:9100) and reports the outcome; --out saves the bytes.',
  usage: '--sample acceptance|payment|refund|cash|test [--port PATH] [--baud 115200] [--out FILE] [--paper 80mm|58mm] [--rare-name]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, sample: { type: 'string' }, baud: { type: 'string' }, out: { type: 'string' }, paper: { type: 'string' }, 'rare-name': { type: 'boolean' } });
    if (!parsed.ok) return fail(ctx.stderr, parsed.error);
    const { port, sample, out, paper } = parsed.value.values;
    const kind = sample ? RECEIPT_SAMPLES[sample] : undefined;
    if (!kind) return fail(ctx.stderr, `--sample must be one of ${Object.keys(RECEIPT_SAMPLES).join(', ')}`);
    if (!port && !out) return fail(ctx.stderr, 'give --port to print, --out to save the bytes, or both');
    if (paper !== undefined && paper !== '80mm' && paper !== '58mm') return fail(ctx.stderr, '--paper must be 80mm or 58mm');
    const baud = intOption(parsed.value.values.baud, 'baud', 115200);
    if (!baud.ok) return fail(ctx.stderr, baud.error);
    const bytes = sampleReceiptBytes(kind, { kioskCode: 'DEMO01', hallName: '黄石市民之家', ...(paper ? { paper } : {}), ...(parsed.value.values['rare-name'] ? { rareName: true } : {}) });
    if (out) {
      writeFileExclusive(out, bytes);
      println(ctx.stdout, `wrote ${bytes.length} bytes of ESC/POS to ${out}`);
    }
    if (!port) return 0;
    const result = await printBytesOnPort(port, baud.value, bytes, silentLogger);
    if (!result.ok) return fail(ctx.stderr, result.error);
    const outcome = result.value;
    println(ctx.stdout, outcome.outcome === 'printed' ? `printed (${bytes.length} bytes)${outcome.conditionAfter.paperNearEnd ? '; paper near end' : ''}` : `${outcome.outcome}: ${outcome.reason}`);
    return outcome.outcome === 'printed' ? 0 : 1;
  },
};

const printPdf: CliCommand = {
  path: ['print', 'pdf'],
  summary: 'Renders a sample PDF (proof, certificate, calibration page) to a file and/or prints it on a CUPS queue, waiting for the job outcome.',
  usage: '--sample proof|certificate|calibration [--out FILE] [--printer QUEUE] [--server HOST:PORT] [--dx MM --dy MM]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { sample: { type: 'string' }, out: { type: 'string' }, printer: { type: 'string' }, server: { type: 'string' }, dx: { type: 'string' }, dy: { type: 'string' } });
    if (!parsed.ok) return fail(ctx.stderr, parsed.error);
    const { sample, out, printer, server, dx, dy } = parsed.value.values;
    if (!sample || !(PDF_SAMPLES as readonly string[]).includes(sample)) return fail(ctx.stderr, `--sample must be one of ${PDF_SAMPLES.join(', ')}`);
    if (!out && !printer) return fail(ctx.stderr, 'give --out FILE, --printer QUEUE, or both');
    const offset = { dxMm: Number(dx ?? 0), dyMm: Number(dy ?? 0) };
    if (!Number.isFinite(offset.dxMm) || !Number.isFinite(offset.dyMm)) return fail(ctx.stderr, '--dx and --dy are millimetres, e.g. --dx 1.5');
    const pdf = await renderSamplePdf(sample as PdfSample, offset);
    if (out) {
      writeFileExclusive(out, pdf);
      println(ctx.stdout, `wrote ${sample} PDF (${(pdf.length / 1024).toFixed(1)} KB) to ${out}`);
    }
    if (!printer) return 0;
    const outcome = await printPdfOnQueue(printer, server ?? ctx.env.CUPS_SERVER, pdf, `budayang ${sample}`, silentLogger, ctx.signal);
    println(ctx.stdout, outcome.outcome === 'printed' ? `printed: CUPS job ${outcome.cupsJobId} completed` : `${outcome.outcome}: ${outcome.reason}`);
    return outcome.outcome === 'printed' ? 0 : 1;
  },
};

const simulateReceiptPrinter: CliCommand = {
  path: ['simulate', 'receipt-printer'],
  summary: 'Acts as an ESC/POS receipt printer on a serial port (e.g. one end of a socat PTY pair) and prints what it decodes, until Ctrl-C.',
  usage: '--port PATH [--baud 115200] [--fault paper-out|near-end|cover-open|offline|cutter-error] [--lines-per-second N] [--paper-lines N] [--ignore-gs-r]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { port: { type: 'string' }, baud: { type: 'string' }, fault: { type: 'string', multiple: true }, 'lines-per-second': { type: 'string' }, 'paper-lines': { type: 'string' }, 'ignore-gs-r': { type: 'boolean' } });
    if (!parsed.ok) return fail(ctx.stderr, parsed.error);
    const { port, fault } = parsed.value.values;
    if (!port) return fail(ctx.stderr, '--port is required');
    const faults: (typeof FAULT_NAMES)[string][] = [];
    for (const name of fault ?? []) {
      const f = FAULT_NAMES[name];
      if (!f) return fail(ctx.stderr, `unknown --fault ${name}; known: ${Object.keys(FAULT_NAMES).join(', ')}`);
      faults.push(f);
    }
    const baud = intOption(parsed.value.values.baud, 'baud', 115200);
    const speed = intOption(parsed.value.values['lines-per-second'], 'lines-per-second', 0);
    const paperLines = intOption(parsed.value.values['paper-lines'], 'paper-lines', 0);
    for (const r of [baud, speed, paperLines]) if (!r.ok) return fail(ctx.stderr, r.error);
    println(ctx.stderr, `simulating a receipt printer on ${port}${faults.length ? ` with ${fault!.join(', ')}` : ''}; Ctrl-C to stop`);
    const result = await runReceiptPrinterSimulator(port, { baudRate: baud.ok ? baud.value : 115200, faults, ...(speed.ok && speed.value ? { linesPerSecond: speed.value } : {}), ...(paperLines.ok && paperLines.value ? { paperLines: paperLines.value } : {}), ...(parsed.value.values['ignore-gs-r'] ? { ignoresInOrderStatus: true } : {}) }, (element) => println(ctx.stdout, formatElement(element)), ctx.signal);
    if (!result.ok) return fail(ctx.stderr, result.error);
    return 0;
  },
};

function fail(stream: NodeJS.WritableStream, message: string): number {
  stream.write(`${message}\n`);
  return 2;
}

export const printCommands: readonly CliCommand[] = [printReceipt, printPdf, simulateReceiptPrinter];
