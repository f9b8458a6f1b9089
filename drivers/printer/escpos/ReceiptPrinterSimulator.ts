// The printer's side of ESC/POS over any ByteTransport (memory pipe in demo and unit tests, the
// far end of a socat PTY in integration tests). Decodes what it is sent into printed elements,
// answers DLE EOT and GS r, and models faults the way a real head does: while paper is out, the
// cover open or the printer offline, data is held in the buffer (not printed, not lost) until
// the fault clears or the host sends DLE ENQ 2 to clear it.
import { Emitter, type Disposable } from '../../../src-common/event';
import type { ByteTransport } from '../../transport/ByteTransport';
import type { MonoBitmap } from './escposCommands';
import { EscPosDecoder, type EscPosCommand } from './escposDecoder';
import { decodeGb18030 } from './gbText';
import { HEALTHY_CONDITION, paperSensorByteFor, statusByteFor, type PrinterCondition } from './printerStatus';

export type PrintedElement =
  /** A printed text line, decoded back to Unicode. */
  | { readonly kind: 'text'; readonly text: string; readonly alignment: 'left' | 'center' | 'right'; readonly bold: boolean; readonly large: boolean }
  /** A QR symbol printed from GS ( k, with the payload it encodes. */
  | { readonly kind: 'qr'; readonly data: string }
  /** A raster image (GS v 0); `qrData` when the optional decoder found a QR in it. */
  | { readonly kind: 'raster'; readonly bitmap: MonoBitmap; readonly qrData?: string }
  /** The cutter fired: the end of one receipt. */
  | { readonly kind: 'cut' };

export type SimulatedFault = 'paperOut' | 'paperNearEnd' | 'coverOpen' | 'offline' | 'cutterError';

export interface ReceiptPrinterSimulatorOptions {
  /** Lines of paper left; absent = endless. Reaching 0 sets paper out mid-job. */
  readonly paperLines?: number;
  /** Paper near end is reported when this many lines or fewer remain. */
  readonly nearEndLines?: number;
  /** Optional QR reader for raster images (tests inject jsqr; drivers may not import it). */
  readonly decodeRasterQr?: (bitmap: MonoBitmap) => string | undefined;
  readonly initialFaults?: readonly SimulatedFault[];
  /** Print speed in text lines per second (a 150 mm/s head does ~40); absent = instant. */
  readonly linesPerSecond?: number;
  /**
   * Take bytes in no faster than this serial line rate (10 bits per byte), as a real UART does.
   * PTYs pass bytes at memory speed whatever baud is set; benchmarks need the real line time.
   */
  readonly paceBaudRate?: number;
  /**
   * Firmware without GS r: `GS r n` is swallowed and never answered, as on some clone printers
   * (docs/protocols/escpos.md#confirming-a-job). DLE EOT still answers.
   */
  readonly ignoresInOrderStatus?: boolean;
}

/** Lines of paper a raster image or QR takes: 24 dots per text line. */
const DOTS_PER_LINE = 24;
/**
 * The printed paper kept for inspection: the most recent receipts, up to about this many
 * elements (whole receipts are dropped from the front). Unbounded, a demo kiosk grew by every
 * receipt it ever printed (found by `npm run soak`: ~6 KiB of heap per journey).
 */
export const KEPT_PRINTED_ELEMENTS = 10_000;

export class ReceiptPrinterSimulator {
  private readonly decoder = new EscPosDecoder();
  private readonly printed: PrintedElement[] = [];
  private readonly held: EscPosCommand[] = [];
  private readonly printedEmitter = new Emitter<PrintedElement>();
  /** Each element as it is printed. */
  readonly onPrinted = this.printedEmitter.event;
  private readonly faults = new Set<SimulatedFault>();
  private paperLinesLeft: number | undefined;
  private lineBytes: number[] = [];
  private alignment: 'left' | 'center' | 'right' = 'left';
  private boldOn = false;
  private large = false;
  private chineseMode = true;
  private qrData = new Uint8Array(0);
  private qrModuleSize = 3;
  private transport: ByteTransport | undefined;
  private subscription: Disposable | undefined;
  private plugged = true;
  /** Lines fed since start: paces printing when `linesPerSecond` is set. */
  private linesFed = 0;
  private pacingTimer: NodeJS.Timeout | undefined;
  /** When the simulated line is free again (`paceBaudRate`). */
  private lineFreeAt = 0;

  /** Starts attached to `transport`, or unattached (`attach` later, e.g. per reconnect in demo mode). */
  constructor(transport: ByteTransport | undefined, private readonly options: ReceiptPrinterSimulatorOptions = {}) {
    this.paperLinesLeft = options.paperLines;
    for (const fault of options.initialFaults ?? []) this.faults.add(fault);
    if (transport) this.attach(transport);
  }

  /** Serves ESC/POS on a (new) link; the paper, faults and what was printed carry over. */
  attach(transport: ByteTransport): void {
    this.subscription?.dispose();
    this.decoder.reset();
    this.transport = transport;
    this.subscription = transport.onData((chunk) => this.arrive(chunk));
  }

  /** False while the simulated cable is pulled; hosts refuse to open the link then. */
  get isPlugged(): boolean {
    return this.plugged;
  }

  /** Pulls the cable: the link closes at both ends, as when a USB printer is unplugged. */
  unplug(): void {
    this.plugged = false;
    void this.transport?.close();
  }

  replug(): void {
    this.plugged = true;
  }

  /** What was printed, in order (the most recent receipts, see KEPT_PRINTED_ELEMENTS). */
  get elements(): readonly PrintedElement[] {
    return this.printed;
  }

  /** Lines of paper fed since start (text lines, feeds, raster and QR height). */
  get linesPrinted(): number {
    return this.linesFed;
  }

  /** Commands held in the buffer while the printer cannot print. */
  get heldCommandCount(): number {
    return this.held.length;
  }

  /** Printed text lines, in order (raster lines appear as `[raster WxH]`). */
  textLines(): string[] {
    return this.printed.flatMap((e) => (e.kind === 'text' ? [e.text] : e.kind === 'raster' && !e.qrData ? [`[raster ${e.bitmap.widthBytes * 8}x${e.bitmap.height}]`] : []));
  }

  /** Splits what was printed into receipts at each cut. */
  receipts(): PrintedElement[][] {
    const out: PrintedElement[][] = [[]];
    for (const e of this.printed) {
      if (e.kind === 'cut') out.push([]);
      else out[out.length - 1]!.push(e);
    }
    return out.filter((r) => r.length > 0);
  }

  condition(): PrinterCondition {
    return {
      ...HEALTHY_CONDITION,
      offline: this.faults.has('offline'),
      coverOpen: this.faults.has('coverOpen'),
      paperOut: this.faults.has('paperOut'),
      paperNearEnd: this.faults.has('paperNearEnd') || (this.paperLinesLeft !== undefined && this.paperLinesLeft <= (this.options.nearEndLines ?? 0)),
      cutterError: this.faults.has('cutterError'),
    };
  }

  /** Sets or clears a fault; clearing the last one resumes printing the held buffer. */
  setFault(fault: SimulatedFault, on: boolean): void {
    if (on) this.faults.add(fault);
    else this.faults.delete(fault);
    if (fault === 'paperOut' && !on && this.paperLinesLeft !== undefined && this.paperLinesLeft <= 0) this.paperLinesLeft = this.options.paperLines;
    this.drainHeld();
  }

  /** Loads a new roll of `lines` (absent = endless) and clears paper out. */
  refillPaper(lines?: number): void {
    this.paperLinesLeft = lines;
    this.setFault('paperOut', false);
  }

  dispose(): void {
    this.subscription?.dispose();
    if (this.pacingTimer) clearTimeout(this.pacingTimer);
    this.pacingTimer = undefined;
  }

  private canPrint(): boolean {
    return !this.faults.has('paperOut') && !this.faults.has('coverOpen') && !this.faults.has('offline') && !this.faults.has('cutterError');
  }

  private arrive(chunk: Uint8Array): void {
    const baud = this.options.paceBaudRate;
    if (!baud) {
      this.receive(chunk);
      return;
    }
    const copy = Uint8Array.from(chunk);
    const start = Math.max(performance.now(), this.lineFreeAt);
    this.lineFreeAt = start + (copy.length * 10 * 1000) / baud;
    setTimeout(() => this.receive(copy), Math.max(0, this.lineFreeAt - performance.now()));
  }

  private receive(chunk: Uint8Array): void {
    for (const command of this.decoder.push(chunk)) {
      switch (command.kind) {
        case 'realtimeStatus':
          this.reply(statusByteFor(command.n, this.condition()));
          break;
        case 'realtimeRecover':
          if (command.n === 2) {
            this.held.length = 0;
            this.lineBytes = [];
          }
          break;
        default:
          this.held.push(command);
      }
    }
    this.drainHeld();
  }

  /** Prints buffered commands in order while the printer can print, at `linesPerSecond` if set. */
  private drainHeld(): void {
    while (this.held.length > 0 && this.canPrint() && !this.pacingTimer) {
      const before = this.linesFed;
      this.execute(this.held.shift()!);
      const fed = this.linesFed - before;
      if (fed > 0 && this.options.linesPerSecond) {
        this.pacingTimer = setTimeout(() => {
          this.pacingTimer = undefined;
          this.drainHeld();
        }, (fed * 1000) / this.options.linesPerSecond);
      }
    }
  }

  private reply(byte: number): void {
    if (this.transport?.isOpen) this.transport.write(Uint8Array.of(byte)).catch(() => {});
  }

  private emit(element: PrintedElement, paperLines: number): void {
    this.printed.push(element);
    if (this.printed.length > KEPT_PRINTED_ELEMENTS) {
      // Tear off the oldest receipts, up to a cut, so what stays still splits into whole receipts.
      const overflow = this.printed.length - KEPT_PRINTED_ELEMENTS;
      const cut = this.printed.findIndex((e, i) => i >= overflow - 1 && e.kind === 'cut');
      this.printed.splice(0, cut >= 0 ? cut + 1 : overflow);
    }
    this.printedEmitter.fire(element);
    this.consumePaper(paperLines);
  }

  private consumePaper(lines: number): void {
    this.linesFed += lines;
    if (this.paperLinesLeft === undefined || lines === 0) return;
    this.paperLinesLeft = Math.max(0, this.paperLinesLeft - lines);
    if (this.paperLinesLeft === 0) this.faults.add('paperOut');
  }

  private flushLine(): void {
    const bytes = Uint8Array.from(this.lineBytes);
    this.lineBytes = [];
    const text = this.chineseMode ? decodeGb18030(bytes) : String.fromCharCode(...bytes);
    this.emit({ kind: 'text', text, alignment: this.alignment, bold: this.boldOn, large: this.large }, this.large ? 2 : 1);
  }

  private execute(command: EscPosCommand): void {
    switch (command.kind) {
      case 'text':
        this.lineBytes.push(...command.bytes);
        return;
      case 'lineFeed':
        this.flushLine();
        return;
      case 'feedLines':
        if (this.lineBytes.length > 0) this.flushLine();
        this.consumePaper(command.lines);
        return;
      case 'initialize':
        this.alignment = 'left';
        this.boldOn = false;
        this.large = false;
        this.lineBytes = [];
        return;
      case 'align':
        this.alignment = command.alignment;
        return;
      case 'bold':
        this.boldOn = command.on;
        return;
      case 'characterSize':
        this.large = command.width > 1 || command.height > 1;
        return;
      case 'chineseMode':
        this.chineseMode = command.on;
        return;
      case 'qr':
        this.executeQr(command.fn, command.params);
        return;
      case 'raster': {
        const bitmap: MonoBitmap = { widthBytes: command.widthBytes, height: command.height, data: command.data };
        const qrData = this.options.decodeRasterQr?.(bitmap);
        this.emit({ kind: 'raster', bitmap, ...(qrData !== undefined ? { qrData } : {}) }, Math.ceil(command.height / DOTS_PER_LINE));
        return;
      }
      case 'cut':
        if (this.lineBytes.length > 0) this.flushLine();
        this.emit({ kind: 'cut' }, 0);
        return;
      case 'inOrderStatus':
        // Processed in order: the reply means every byte before it has been printed.
        if (!this.options.ignoresInOrderStatus) this.reply(command.n === 1 ? paperSensorByteFor(this.condition()) : 0);
        return;
      case 'realtimeStatus':
      case 'realtimeRecover':
      case 'ignored':
      case 'unknown':
        return;
      default: {
        const unreachable: never = command;
        throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private executeQr(fn: number, params: Uint8Array): void {
    if (fn === 67) this.qrModuleSize = params[0] ?? this.qrModuleSize;
    else if (fn === 80) this.qrData = params.slice(1);
    else if (fn === 81) {
      // A version 3–6 symbol is 29–41 modules; estimate its paper use from the module size.
      const dots = 41 * this.qrModuleSize;
      this.emit({ kind: 'qr', data: new TextDecoder().decode(this.qrData) }, Math.ceil(dots / DOTS_PER_LINE));
    }
  }
}
