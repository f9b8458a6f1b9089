// Framing of a serial (USB-COM) scanner's output (docs/protocols/barcode-scanners.md#serial-scanners): ASCII/UTF-8 data ended by
// CR, LF or CRLF, with an inter-character idle timeout as the fallback for scanners set to send
// no terminator. Pure apart from the idle timer the caller drives.

/** Longest scan accepted: QR codes top out near 3 KB; anything longer is noise and is dropped. */
export const MAX_SCAN_BYTES = 4096;

export class ScanLineFramer {
  private pending: number[] = [];
  private lastWasCr = false;

  /** Feeds bytes; returns the complete scans they finish. */
  push(chunk: Uint8Array): string[] {
    const out: string[] = [];
    for (const byte of chunk) {
      if (byte === 0x0d || byte === 0x0a) {
        const isLfAfterCr = byte === 0x0a && this.lastWasCr;
        this.lastWasCr = byte === 0x0d;
        if (!isLfAfterCr) {
          const line = this.take();
          if (line) out.push(line);
        }
        continue;
      }
      this.lastWasCr = false;
      if (this.pending.length >= MAX_SCAN_BYTES) this.pending = [];
      this.pending.push(byte);
    }
    return out;
  }

  /** Called after the idle timeout: whatever is pending is one scan without a terminator. */
  flush(): string | undefined {
    return this.take();
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  private take(): string | undefined {
    if (this.pending.length === 0) return undefined;
    const text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(this.pending));
    this.pending = [];
    return text.length > 0 ? text : undefined;
  }
}
