// The printer's side of the ESC/POS codec: splits a byte stream into commands. Incremental: a
// command cut across two chunks is kept until the rest arrives. Pure; the simulator executes.
import { DLE, ENQ, EOT, ESC, FS, GS, LF } from './escposCommands';

export type EscPosCommand =
  /** Printable bytes (ASCII or GB codes) added to the current line. */
  | { readonly kind: 'text'; readonly bytes: Uint8Array }
  /** LF: print the current line and feed one line. */
  | { readonly kind: 'lineFeed' }
  /** ESC d n: print and feed n lines. */
  | { readonly kind: 'feedLines'; readonly lines: number }
  /** ESC @. */
  | { readonly kind: 'initialize' }
  /** ESC a n. */
  | { readonly kind: 'align'; readonly alignment: 'left' | 'center' | 'right' }
  /** ESC E n. */
  | { readonly kind: 'bold'; readonly on: boolean }
  /** GS ! n. */
  | { readonly kind: 'characterSize'; readonly width: number; readonly height: number }
  /** FS & / FS . */
  | { readonly kind: 'chineseMode'; readonly on: boolean }
  /** GS ( k with cn = 49: one QR function (fn 65…82) and its parameters. */
  | { readonly kind: 'qr'; readonly fn: number; readonly params: Uint8Array }
  /** GS v 0: a raster bit image. */
  | { readonly kind: 'raster'; readonly widthBytes: number; readonly height: number; readonly data: Uint8Array }
  /** GS V: cut (with optional feed). */
  | { readonly kind: 'cut'; readonly partial: boolean }
  /** DLE EOT n: real-time status request (answered at once, even while offline). */
  | { readonly kind: 'realtimeStatus'; readonly n: number }
  /** DLE ENQ n: real-time recovery; n = 2 clears the buffers. */
  | { readonly kind: 'realtimeRecover'; readonly n: number }
  /** GS r n: status processed in order with the data. */
  | { readonly kind: 'inOrderStatus'; readonly n: number }
  /** A known command the simulator does not model (e.g. ESC ! n, ESC t n, GS a n). */
  | { readonly kind: 'ignored'; readonly bytes: Uint8Array }
  /** A byte that starts no known command. */
  | { readonly kind: 'unknown'; readonly byte: number };

/** Known commands with a fixed number of parameter bytes, by their two-byte prefix. */
const FIXED_PARAMETERS: ReadonlyMap<number, number> = new Map([
  [(ESC << 8) | 0x21, 1], // ESC ! n print mode
  [(ESC << 8) | 0x2d, 1], // ESC - n underline
  [(ESC << 8) | 0x32, 0], // ESC 2 default line spacing
  [(ESC << 8) | 0x33, 1], // ESC 3 n line spacing
  [(ESC << 8) | 0x4a, 1], // ESC J n feed dots
  [(ESC << 8) | 0x4d, 1], // ESC M n font
  [(ESC << 8) | 0x74, 1], // ESC t n code page
  [(ESC << 8) | 0x7b, 1], // ESC { n upside down
  [(GS << 8) | 0x61, 1], // GS a n automatic status back
  [(GS << 8) | 0x42, 1], // GS B n reverse
  [(FS << 8) | 0x21, 1], // FS ! n Chinese print mode
  [(FS << 8) | 0x57, 1], // FS W n quadruple
]);

export class EscPosDecoder {
  private pending = new Uint8Array(0);

  /** Appends bytes and returns every command that is now complete. */
  push(chunk: Uint8Array): EscPosCommand[] {
    const buffer = new Uint8Array(this.pending.length + chunk.length);
    buffer.set(this.pending);
    buffer.set(chunk, this.pending.length);
    const commands: EscPosCommand[] = [];
    let offset = 0;
    while (offset < buffer.length) {
      const parsed = parseOne(buffer, offset);
      if (!parsed) break;
      commands.push(parsed.command);
      offset += parsed.length;
    }
    this.pending = buffer.slice(offset);
    return commands;
  }

  /** Bytes of an incomplete command still waiting for the rest. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  reset(): void {
    this.pending = new Uint8Array(0);
  }
}

type Parsed = { command: EscPosCommand; length: number } | undefined;

function parseOne(b: Uint8Array, at: number): Parsed {
  const first = b[at]!;
  const available = b.length - at;
  if (first === LF) return { command: { kind: 'lineFeed' }, length: 1 };
  if (first >= 0x20 && first !== 0x7f) {
    let end = at;
    while (end < b.length && b[end]! >= 0x20 && b[end]! !== 0x7f) end++;
    return { command: { kind: 'text', bytes: b.slice(at, end) }, length: end - at };
  }
  if (first !== ESC && first !== GS && first !== FS && first !== DLE) return { command: { kind: 'unknown', byte: first }, length: 1 };
  if (available < 2) return undefined;
  const second = b[at + 1]!;
  const key = (first << 8) | second;
  const need = (n: number) => available >= n;

  switch (key) {
    case (ESC << 8) | 0x40:
      return { command: { kind: 'initialize' }, length: 2 };
    case (FS << 8) | 0x26:
      return { command: { kind: 'chineseMode', on: true }, length: 2 };
    case (FS << 8) | 0x2e:
      return { command: { kind: 'chineseMode', on: false }, length: 2 };
    case (ESC << 8) | 0x61: {
      if (!need(3)) return undefined;
      const n = b[at + 2]! % 48;
      return { command: { kind: 'align', alignment: n === 1 ? 'center' : n === 2 ? 'right' : 'left' }, length: 3 };
    }
    case (ESC << 8) | 0x45:
      if (!need(3)) return undefined;
      return { command: { kind: 'bold', on: (b[at + 2]! & 1) === 1 }, length: 3 };
    case (ESC << 8) | 0x64:
      if (!need(3)) return undefined;
      return { command: { kind: 'feedLines', lines: b[at + 2]! }, length: 3 };
    case (GS << 8) | 0x21: {
      if (!need(3)) return undefined;
      const n = b[at + 2]!;
      return { command: { kind: 'characterSize', width: (n >> 4) + 1, height: (n & 0x0f) + 1 }, length: 3 };
    }
    case (GS << 8) | 0x56: {
      if (!need(3)) return undefined;
      const m = b[at + 2]!;
      if (m === 65 || m === 66) {
        if (!need(4)) return undefined;
        return { command: { kind: 'cut', partial: m === 66 }, length: 4 };
      }
      return { command: { kind: 'cut', partial: m === 1 || m === 49 }, length: 3 };
    }
    case (GS << 8) | 0x28: {
      if (!need(5)) return undefined;
      const dataLength = b[at + 3]! | (b[at + 4]! << 8);
      if (!need(5 + dataLength)) return undefined;
      const body = b.slice(at + 5, at + 5 + dataLength);
      if (b[at + 2] === 0x6b && body[0] === 49 && body.length >= 2) {
        return { command: { kind: 'qr', fn: body[1]!, params: body.slice(2) }, length: 5 + dataLength };
      }
      return { command: { kind: 'ignored', bytes: b.slice(at, at + 5 + dataLength) }, length: 5 + dataLength };
    }
    case (GS << 8) | 0x76: {
      if (!need(8)) return undefined;
      const widthBytes = b[at + 4]! | (b[at + 5]! << 8);
      const height = b[at + 6]! | (b[at + 7]! << 8);
      const size = widthBytes * height;
      if (!need(8 + size)) return undefined;
      return { command: { kind: 'raster', widthBytes, height, data: b.slice(at + 8, at + 8 + size) }, length: 8 + size };
    }
    case (DLE << 8) | EOT:
      if (!need(3)) return undefined;
      return { command: { kind: 'realtimeStatus', n: b[at + 2]! }, length: 3 };
    case (DLE << 8) | ENQ:
      if (!need(3)) return undefined;
      return { command: { kind: 'realtimeRecover', n: b[at + 2]! }, length: 3 };
    case (GS << 8) | 0x72:
      if (!need(3)) return undefined;
      return { command: { kind: 'inOrderStatus', n: b[at + 2]! }, length: 3 };
    default: {
      const parameters = FIXED_PARAMETERS.get(key);
      if (parameters === undefined) return { command: { kind: 'unknown', byte: first }, length: 1 };
      if (!need(2 + parameters)) return undefined;
      return { command: { kind: 'ignored', bytes: b.slice(at, at + 2 + parameters) }, length: 2 + parameters };
    }
  }
}
