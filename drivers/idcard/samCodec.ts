// The SAM_A (GA 467-style) frame codec for resident ID card readers, pure bytes ↔ messages
// (protocols.md §1.2–§1.5). Both the driver (host side) and the simulator (device side) use it.

/** Every frame starts with these 5 bytes (protocols.md §1.2). */
export const SAM_PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
const HEADER_LENGTH = 7; // preamble (5) + LEN (2)
/**
 * Largest LEN accepted. The longest known reply is 30 10 with fingerprint, LEN 0x090A (2321-byte
 * frame); anything beyond this is garbage and the reader resynchronises rather than waiting for it.
 */
export const MAX_FRAME_LEN_FIELD = 0x0a00;
/** Smallest LEN: a command has CMD PARA CHK; a response SW1 SW2 SW3 CHK. */
const MIN_FRAME_LEN_FIELD = 3;

/** The commands the kiosk sends (protocols.md §1.3), as CMD/PARA byte pairs. */
export const SAM_COMMANDS = {
  resetSam: [0x10, 0xff], // reset SAM_A, like a power cycle
  samStatus: [0x11, 0xff], // SAM self-check: 0x90 ok, 0x60 failed
  samId: [0x12, 0xff], // read the 16-byte SAM management id
  findCard: [0x20, 0x01], // find a card in the RF field (0x9F found, 0x80 none)
  selectCard: [0x20, 0x02], // select the found card (0x90 ok, 0x81 failed)
  readBase: [0x30, 0x01], // read 256 text bytes + 1024 photo bytes
  readNewAddress: [0x30, 0x03], // read the additional (latest) address
  readWithFingerprint: [0x30, 0x10], // text + photo + fingerprint
} as const satisfies Record<string, readonly [number, number]>;
export type SamCommandName = keyof typeof SAM_COMMANDS;

export function samCommandName(cmd: number, para: number): SamCommandName | undefined {
  for (const [name, [c, p]] of Object.entries(SAM_COMMANDS)) if (c === cmd && p === para) return name as SamCommandName;
  return undefined;
}

/** XOR of LEN_H through the last data byte (protocols.md §1.2: every byte but preamble and CHK). */
export function samChecksum(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Wraps a frame body (CMD PARA DATA, or SW1 SW2 SW3 DATA) in preamble, LEN and CHK. */
export function encodeSamFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(SAM_PREAMBLE, 0);
  frame[5] = (len >> 8) & 0xff;
  frame[6] = len & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = samChecksum(frame, 5, frame.length - 1);
  return frame;
}

/** A host → SAM command frame, e.g. `encodeSamCommand('findCard')` = AA AA AA 96 69 00 03 20 01 22. */
export function encodeSamCommand(command: SamCommandName, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [cmd, para] = SAM_COMMANDS[command];
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeSamFrame(body);
}

/** A SAM → host response frame (SW1 SW2 are `00 00` in every observed response). */
export function encodeSamResponse(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[2] = sw3;
  body.set(data, 3);
  return encodeSamFrame(body);
}

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  /** The result code (protocols.md §1.4). */
  readonly sw3: number;
  readonly data: Uint8Array;
}

export interface SamCommandFrame {
  readonly cmd: number;
  readonly para: number;
  readonly data: Uint8Array;
}

/** Splits a response body; undefined when it is too short to be one. */
export function parseSamResponse(body: Uint8Array): SamResponse | undefined {
  if (body.length < 3) return undefined;
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

export function parseSamCommand(body: Uint8Array): SamCommandFrame | undefined {
  if (body.length < 2) return undefined;
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

/** What the stream reader found in the bytes pushed so far. */
export type SamStreamItem =
  /** A complete frame whose checksum matched; `body` excludes preamble, LEN and CHK. */
  | { readonly kind: 'frame'; readonly body: Uint8Array }
  /** A complete frame whose checksum did not match: the reply is corrupt and must not be used. */
  | { readonly kind: 'badChecksum'; readonly expected: number; readonly received: number; readonly length: number }
  /** Bytes that were not part of any frame (line noise, a truncated frame, garbage). */
  | { readonly kind: 'discarded'; readonly byteCount: number };

/**
 * Reassembles frames from a byte stream that may arrive in any chunking, with garbage before,
 * between or inside frames. Never throws, never buffers more than one maximal frame plus a chunk.
 */
export class SamFrameReader {
  private buffer = new Uint8Array(0);

  /** Bytes held while waiting for the rest of a frame. */
  get pendingByteCount(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  push(chunk: Uint8Array): SamStreamItem[] {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer, 0);
    merged.set(chunk, this.buffer.length);
    const items: SamStreamItem[] = [];
    let pos = 0;
    for (;;) {
      const start = findPreamble(merged, pos);
      if (start < 0) {
        // Keep a tail that might be the beginning of a preamble split across chunks.
        const keep = partialPreambleTail(merged, pos);
        if (merged.length - keep > pos) items.push({ kind: 'discarded', byteCount: merged.length - keep - pos });
        pos = merged.length - keep;
        break;
      }
      if (start > pos) items.push({ kind: 'discarded', byteCount: start - pos });
      pos = start;
      if (merged.length - pos < HEADER_LENGTH) break;
      const len = (merged[pos + 5]! << 8) | merged[pos + 6]!;
      if (len < MIN_FRAME_LEN_FIELD || len > MAX_FRAME_LEN_FIELD) {
        // Not a real header: skip the first preamble byte and look again.
        items.push({ kind: 'discarded', byteCount: 1 });
        pos += 1;
        continue;
      }
      const total = HEADER_LENGTH + len;
      if (merged.length - pos < total) {
        // A garbage "preamble" can claim a long frame and hide a real one behind it: if a later
        // preamble already starts a complete, valid frame, trust that one instead of waiting.
        const later = findCompleteValidFrame(merged, pos + 1);
        if (later < 0) break;
        items.push({ kind: 'discarded', byteCount: later - pos });
        pos = later;
        continue;
      }
      const expected = samChecksum(merged, pos + 5, pos + total - 1);
      const received = merged[pos + total - 1]!;
      if (expected === received) {
        items.push({ kind: 'frame', body: merged.slice(pos + HEADER_LENGTH, pos + total - 1) });
        pos += total;
      } else {
        items.push({ kind: 'badChecksum', expected, received, length: total });
        // A corrupt LEN could swallow the next frame: resume at a preamble inside the span, if any.
        const inside = findPreamble(merged, pos + 1);
        pos = inside >= 0 && inside < pos + total ? inside : pos + total;
      }
    }
    this.buffer = merged.slice(pos);
    return items;
  }
}

function findCompleteValidFrame(bytes: Uint8Array, from: number): number {
  for (let start = findPreamble(bytes, from); start >= 0; start = findPreamble(bytes, start + 1)) {
    if (bytes.length - start < HEADER_LENGTH) return -1;
    const len = (bytes[start + 5]! << 8) | bytes[start + 6]!;
    const total = HEADER_LENGTH + len;
    if (len < MIN_FRAME_LEN_FIELD || len > MAX_FRAME_LEN_FIELD || bytes.length - start < total) continue;
    if (samChecksum(bytes, start + 5, start + total - 1) === bytes[start + total - 1]) return start;
  }
  return -1;
}

function findPreamble(bytes: Uint8Array, from: number): number {
  outer: for (let i = from; i + SAM_PREAMBLE.length <= bytes.length; i++) {
    for (let j = 0; j < SAM_PREAMBLE.length; j++) if (bytes[i + j] !== SAM_PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest suffix of bytes[from..] that is a proper prefix of the preamble. */
function partialPreambleTail(bytes: Uint8Array, from: number): number {
  for (let keep = Math.min(SAM_PREAMBLE.length - 1, bytes.length - from); keep > 0; keep--) {
    let match = true;
    for (let j = 0; j < keep; j++) {
      if (bytes[bytes.length - keep + j] !== SAM_PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return keep;
  }
  return 0;
}
