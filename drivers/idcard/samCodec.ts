// The SAM_A (GA 467-style) frame codec for resident ID card readers, pure bytes ↔ messages
// (docs/protocols/sam-id-card-reader.md). Frames, bodies and read payloads are declared once as
// data (drivers/codec); the driver (host side) and the simulator (device side) both use them.
// The stream reader that finds frames in noisy, chunked input is hand-written: it resynchronises.
import { mapped, message, P } from '../codec/messageCoder';

/** Every frame starts with these 5 bytes (docs/protocols/sam-id-card-reader.md#frame-format). */
export const SAM_PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
const HEADER_LENGTH = 7; // preamble (5) + LEN (2)
/**
 * Largest LEN accepted. The longest known reply is 30 10 with fingerprint, LEN 0x090A (2321-byte
 * frame); anything beyond this is garbage and the reader resynchronises rather than waiting for it.
 */
export const MAX_FRAME_LEN_FIELD = 0x0a00;
/** Smallest LEN: a command has CMD PARA CHK; a response SW1 SW2 SW3 CHK. */
const MIN_FRAME_LEN_FIELD = 3;

/** The commands the kiosk sends (docs/protocols/sam-id-card-reader.md#commands), as CMD/PARA byte pairs. */
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

/** XOR of LEN_H through the last data byte (docs/protocols/sam-id-card-reader.md#frame-format: every byte but preamble and CHK). */
export function samChecksum(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/**
 * A whole frame: preamble, LEN (big-endian, counting the body and CHK), body, CHK. The value is the
 * body (CMD PARA DATA, or SW1 SW2 SW3 DATA); decoding refuses a wrong preamble, LEN or checksum.
 */
export const SAM_FRAME = message<Uint8Array>(
  mapped(P.struct({ preamble: P.magicBytes(Uint8Array.from(SAM_PREAMBLE)), bodyAndChecksum: P.prefix(P.U16BE, P.bytes(null)) }), {
    decode: ({ bodyAndChecksum }) => {
      if (bodyAndChecksum.length < MIN_FRAME_LEN_FIELD) throw new Error(`LEN ${bodyAndChecksum.length} is below ${MIN_FRAME_LEN_FIELD}`);
      const body = bodyAndChecksum.subarray(0, -1);
      const received = bodyAndChecksum[bodyAndChecksum.length - 1]!;
      const expected = checksumOf(bodyAndChecksum.length, body);
      if (received !== expected) throw new Error(`checksum 0x${received.toString(16)}, expected 0x${expected.toString(16)}`);
      return body;
    },
    encode: (body) => {
      const bodyAndChecksum = new Uint8Array(body.length + 1);
      bodyAndChecksum.set(body);
      bodyAndChecksum[body.length] = checksumOf(bodyAndChecksum.length, body);
      return { preamble: undefined, bodyAndChecksum };
    },
  }),
);

/** CHK of a frame whose LEN is `len`: the XOR covers LEN_H and LEN_L too. */
function checksumOf(len: number, body: Uint8Array): number {
  return samChecksum(body, 0, body.length) ^ ((len >> 8) & 0xff) ^ (len & 0xff);
}

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  /** The result code (docs/protocols/sam-id-card-reader.md#result-codes-sw3). */
  readonly sw3: number;
  readonly data: Uint8Array;
}

export interface SamCommandFrame {
  readonly cmd: number;
  readonly para: number;
  readonly data: Uint8Array;
}

/** SAM → host body: SW1 SW2 (`00 00` in every observed response), SW3, data. */
export const SAM_RESPONSE_BODY = message<SamResponse>(P.struct({ sw1: P.U8, sw2: P.U8, sw3: P.U8, data: P.bytes(null) }));
/** Host → SAM body: CMD PARA, data. */
export const SAM_COMMAND_BODY = message<SamCommandFrame>(P.struct({ cmd: P.U8, para: P.U8, data: P.bytes(null) }));

/** Wraps a frame body (CMD PARA DATA, or SW1 SW2 SW3 DATA) in preamble, LEN and CHK. */
export function encodeSamFrame(body: Uint8Array): Uint8Array {
  return SAM_FRAME.encode(body);
}

/** A host → SAM command frame, e.g. `encodeSamCommand('findCard')` = AA AA AA 96 69 00 03 20 01 22. */
export function encodeSamCommand(command: SamCommandName, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [cmd, para] = SAM_COMMANDS[command];
  return SAM_FRAME.encode(SAM_COMMAND_BODY.encode({ cmd, para, data }));
}

/** A SAM → host response frame (SW1 SW2 are `00 00` in every observed response). */
export function encodeSamResponse(sw3: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return SAM_FRAME.encode(SAM_RESPONSE_BODY.encode({ sw1: 0, sw2: 0, sw3, data }));
}

/** Splits a response body; undefined when it is too short to be one. */
export function parseSamResponse(body: Uint8Array): SamResponse | undefined {
  const parsed = SAM_RESPONSE_BODY.decode(body);
  return parsed.ok ? parsed.value : undefined;
}

export function parseSamCommand(body: Uint8Array): SamCommandFrame | undefined {
  const parsed = SAM_COMMAND_BODY.decode(body);
  return parsed.ok ? parsed.value : undefined;
}

/** The data of a read reply (docs/protocols/sam-id-card-reader.md#response-layouts). */
export interface SamReadPayload {
  /** The 256-byte UCS-2 text block. */
  readonly text: Uint8Array;
  /** The 1024-byte WLT photo, opaque. */
  readonly photo: Uint8Array;
  /** The fingerprint block of 30 10 (empty for 30 01, or for a card without one). */
  readonly fingerprint: Uint8Array;
}

/** 30 01 data: TEXT_LEN, PHOTO_LEN (big-endian), then the text and the photo. */
export const READ_BASE_PAYLOAD = message<SamReadPayload>(
  mapped(P.struct({ textLength: P.U16BE, photoLength: P.U16BE, text: P.bytes('textLength'), photo: P.bytes('photoLength') }), {
    decode: ({ text, photo }): SamReadPayload => ({ text, photo, fingerprint: new Uint8Array(0) }),
    encode: ({ text, photo }) => ({ textLength: text.length, photoLength: photo.length, text, photo }),
  }),
);

/** 30 10 data: TEXT_LEN, PHOTO_LEN, FP_LEN (big-endian), then text, photo and fingerprint. */
export const READ_WITH_FINGERPRINT_PAYLOAD = message<SamReadPayload>(
  mapped(P.struct({ textLength: P.U16BE, photoLength: P.U16BE, fingerprintLength: P.U16BE, text: P.bytes('textLength'), photo: P.bytes('photoLength'), fingerprint: P.bytes('fingerprintLength') }), {
    decode: ({ text, photo, fingerprint }) => ({ text, photo, fingerprint }),
    encode: ({ text, photo, fingerprint }) => ({ textLength: text.length, photoLength: photo.length, fingerprintLength: fingerprint.length, text, photo, fingerprint }),
  }),
);

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
