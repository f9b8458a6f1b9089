// The scanner driver: turns a transport's bytes into scans. Serial (USB-COM) scanners send text
// ended by CR/LF; HID POS scanners send reports, delivered by the HID report stream one report
// per chunk. A scanner answers no commands, so it has no probe beyond its link being open.
import type { ByteTransport } from '../transport/ByteTransport';
import { Emitter, type Disposable } from '../../src-common/event';
import type { Logger } from '../../src-common/logging';
import { HidPosAssembler } from './hidPosReport';
import { ScanLineFramer } from './serialScanLines';

/** How the scanner frames its output. */
export type ScannerMode =
  /** CR/LF-terminated text over a serial port (docs/protocols/barcode-scanners.md#serial-scanners). */
  | 'serial'
  /** HID POS input reports, one per chunk (docs/protocols/barcode-scanners.md#hid-pos). */
  | 'hidPos';

/**
 * Fallback end of a scan when the scanner sends no terminator: scanners emit a code in one burst,
 * so 100 ms of silence (≈ 110 characters at 9600 baud) means it has finished.
 */
export const SCAN_IDLE_TIMEOUT_MS = 100;

export class BarcodeScanner {
  private readonly scanEmitter = new Emitter<string>();
  /** Each complete scan, as text. The text may be a payment code: listeners must not log it. */
  readonly onScan = this.scanEmitter.event;
  private readonly framer = new ScanLineFramer();
  private readonly assembler = new HidPosAssembler();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly subscription: Disposable;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: { readonly mode: ScannerMode; readonly log: Logger; readonly idleTimeoutMs?: number },
  ) {
    this.subscription = transport.onData((chunk) => this.onChunk(chunk));
  }

  get description(): string {
    return this.transport.description;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  dispose(): void {
    this.subscription.dispose();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.scanEmitter.dispose();
  }

  private onChunk(chunk: Uint8Array): void {
    switch (this.options.mode) {
      case 'hidPos': {
        const text = this.assembler.push(chunk);
        if (text) this.emit(text);
        return;
      }
      case 'serial': {
        for (const text of this.framer.push(chunk)) this.emit(text);
        if (this.idleTimer) clearTimeout(this.idleTimer);
        if (this.framer.hasPending) {
          this.idleTimer = setTimeout(() => {
            const text = this.framer.flush();
            if (text) this.emit(text);
          }, this.options.idleTimeoutMs ?? SCAN_IDLE_TIMEOUT_MS);
        }
        return;
      }
    }
  }

  private emit(text: string): void {
    this.options.log.debug('scanner.scanned', { length: text.length });
    this.scanEmitter.fire(text);
  }
}
