// SSP packet framing (docs/protocols/itl-ssp.md#packet): STX | SEQ/ADDR | LENGTH | DATA | CRCL CRCH, with every
// 0x7F after the STX doubled. Encoding is a pure function; decoding is a small push parser that
// never throws on any byte sequence and never buffers more than one maximal packet.
import { sspCrc16, sspCrcBytes } from './crc16';

export const STX = 0x7f;
/** Largest DATA length the one-byte LENGTH field allows. */
export const MAX_DATA_LENGTH = 255;

export interface SspPacket {
  /** Slave address, 0–0x7D (validators default to 0). */
  readonly address: number;
  /** The sequence flag (bit 7 of the SEQ/ADDR byte). */
  readonly seq: boolean;
  readonly data: Uint8Array;
}

/** Frames a packet: header, CRC over the unstuffed bytes, then stuffing. */
export function encodePacket(packet: SspPacket): Uint8Array {
  if (packet.data.length > MAX_DATA_LENGTH) throw new RangeError(`SSP data of ${packet.data.length} bytes exceeds ${MAX_DATA_LENGTH}`);
  const body = new Uint8Array(2 + packet.data.length);
  body[0] = (packet.seq ? 0x80 : 0) | (packet.address & 0x7f);
  body[1] = packet.data.length;
  body.set(packet.data, 2);
  const [crcLow, crcHigh] = sspCrcBytes(body);
  const out: number[] = [STX];
  for (const byte of [...body, crcLow, crcHigh]) {
    out.push(byte);
    if (byte === STX) out.push(STX);
  }
  return Uint8Array.from(out);
}

/** What the decoder reports: a good packet, or a frame it threw away and why. */
export type DecodedFrame =
  | { readonly kind: 'packet'; readonly packet: SspPacket } // CRC-checked packet
  | { readonly kind: 'crcError'; readonly received: number; readonly computed: number } // complete frame, bad CRC
  | { readonly kind: 'discarded'; readonly bytes: number }; // junk before STX, or a frame cut by a lone STX

type DecoderState =
  | { readonly phase: 'hunting' } // waiting for STX
  | { readonly phase: 'inFrame'; readonly body: number[]; readonly pendingStx: boolean }; // after STX

/**
 * Incremental SSP frame decoder. A lone 0x7F mid-packet starts a new packet (the manual: "it will
 * discard the packet received so far"); `7F 7F` is one data byte.
 */
export class SspFrameDecoder {
  private state: DecoderState = { phase: 'hunting' };
  private junk = 0;

  push(chunk: Uint8Array): DecodedFrame[] {
    const frames: DecodedFrame[] = [];
    for (const byte of chunk) this.pushByte(byte, frames);
    return frames;
  }

  reset(): void {
    this.state = { phase: 'hunting' };
    this.junk = 0;
  }

  private pushByte(byte: number, frames: DecodedFrame[]): void {
    const state = this.state;
    switch (state.phase) {
      case 'hunting':
        if (byte === STX) {
          if (this.junk > 0) frames.push({ kind: 'discarded', bytes: this.junk });
          this.junk = 0;
          this.state = { phase: 'inFrame', body: [], pendingStx: false };
        } else {
          this.junk++;
        }
        return;
      case 'inFrame': {
        if (state.pendingStx) {
          if (byte === STX) {
            this.state = { phase: 'inFrame', body: state.body, pendingStx: false };
            this.accept(STX, frames);
          } else {
            // A lone STX: what came before is discarded and a new frame has begun with this byte.
            frames.push({ kind: 'discarded', bytes: state.body.length + 1 });
            this.state = { phase: 'inFrame', body: [], pendingStx: false };
            this.accept(byte, frames);
          }
          return;
        }
        if (byte === STX) {
          this.state = { phase: 'inFrame', body: state.body, pendingStx: true };
          return;
        }
        this.accept(byte, frames);
        return;
      }
    }
  }

  /** Adds one unstuffed byte to the current frame and completes it when LENGTH says so. */
  private accept(byte: number, frames: DecodedFrame[]): void {
    if (this.state.phase !== 'inFrame') return;
    const body = this.state.body;
    body.push(byte);
    if (body.length < 2) return;
    const total = 2 + body[1]! + 2;
    if (body.length < total) return;
    const unstuffed = Uint8Array.from(body.slice(0, total - 2));
    const received = body[total - 2]! | (body[total - 1]! << 8);
    const computed = sspCrc16(unstuffed);
    this.state = { phase: 'hunting' };
    if (received !== computed) {
      frames.push({ kind: 'crcError', received, computed });
      return;
    }
    frames.push({
      kind: 'packet',
      packet: { address: unstuffed[0]! & 0x7f, seq: (unstuffed[0]! & 0x80) !== 0, data: unstuffed.slice(2) },
    });
  }
}
