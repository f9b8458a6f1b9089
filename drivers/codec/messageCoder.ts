// Binary messages declared once as data (after vxsuite's libs/message-coder), on top of
// micro-packed: a message's layout drives both its decoder and its encoder, so the driver (host
// side) and the simulator (device side) can never drift apart. Decoding is total: malformed bytes
// are an error value naming what was wrong, never an exception.
import * as P from 'micro-packed';
import { err, ok, type Result } from '../../src-common/result';

export { P };

/** One message: encode a value to bytes, decode bytes to a value or a reason. */
export interface MessageCoder<T> {
  /** Throws only on a value that cannot be encoded (a programming error, e.g. a name too long). */
  encode(value: T): Uint8Array;
  /** Never throws. Trailing bytes are an error unless the layout ends in a rest-of-frame field. */
  decode(bytes: Uint8Array): Result<T, string>;
  /** The micro-packed coder, for nesting this message inside another. */
  readonly layout: P.CoderType<T>;
}

export function message<T>(layout: P.CoderType<T>): MessageCoder<T> {
  return {
    layout,
    encode: (value) => layout.encode(value),
    decode: (bytes) => {
      try {
        return ok(layout.decode(bytes));
      } catch (e) {
        return err(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

/**
 * A layout read as another type: `decode` turns the wire value into the message value, `encode`
 * the other way. (micro-packed's `apply` names the directions after its base coders, the
 * opposite of ours; this is the one place that knows.)
 */
export function mapped<W, V>(inner: P.CoderType<W>, conversions: { readonly decode: (wire: W) => V; readonly encode: (value: V) => W }): P.CoderType<V> {
  return P.apply(inner, { encode: conversions.decode, decode: conversions.encode });
}

/** A value that must be present on the wire (a response code, a fixed marker); decodes to nothing. */
export function literal(byte: number): P.CoderType<undefined> {
  return P.magic(P.U8, byte);
}

/** Characters that pad a fixed-width UCS-2 field: space, NUL and the ideographic space. */
const UCS2_TRAILING_PAD = /[\u0000\u0020\u3000]+$/u;
const UCS2_LEADING_PAD = /^[\u0000\u0020]+/u;

/**
 * A fixed-width UTF-16LE (UCS-2) text field padded with spaces (`20 00`), as the ID card's text
 * block stores every field. Decoding trims the padding; encoding pads with spaces.
 */
export function ucs2Field(byteLength: number): P.CoderType<string> {
  return mapped(P.bytes(byteLength), {
    decode: (bytes: Uint8Array): string => {
      let text = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
      return text.replace(UCS2_TRAILING_PAD, '').replace(UCS2_LEADING_PAD, '');
    },
    encode: (text: string): Uint8Array => {
      if (text.length * 2 > byteLength) throw new RangeError(`"${text.slice(0, 8)}…" (${text.length} characters) does not fit ${byteLength} bytes`);
      const bytes = new Uint8Array(byteLength);
      for (let i = 0; i < byteLength / 2; i++) {
        const code = i < text.length ? text.charCodeAt(i) : 0x20;
        bytes[2 * i] = code & 0xff;
        bytes[2 * i + 1] = code >> 8;
      }
      return bytes;
    },
  });
}

/** A fixed-width ASCII field (currency codes, firmware versions). */
export function asciiField(byteLength: number): P.CoderType<string> {
  return mapped(P.bytes(byteLength), {
    decode: (bytes: Uint8Array): string => String.fromCharCode(...bytes),
    encode: (text: string): Uint8Array => {
      if (text.length !== byteLength || !/^[\x00-\x7f]*$/.test(text)) throw new RangeError(`"${text}" is not ${byteLength} ASCII characters`);
      return Uint8Array.from(text, (c) => c.charCodeAt(0));
    },
  });
}

/**
 * One status byte as named flags (bit 0 = least significant), with the bits the protocol fixes.
 * Decoding checks the fixed bits, so a byte of another kind sharing the line is told apart;
 * encoding sets them.
 */
export function flagsByte<Name extends string>(spec: { readonly flags: Readonly<Record<Name, number>>; readonly fixedMask: number; readonly fixedValue: number }): P.CoderType<Record<Name, boolean>> {
  const names = Object.keys(spec.flags) as Name[];
  return mapped(P.U8, {
    decode: (byte: number): Record<Name, boolean> => {
      if ((byte & spec.fixedMask) !== spec.fixedValue) throw new Error(`status byte 0x${byte.toString(16).padStart(2, '0')} lacks the fixed bits 0x${spec.fixedValue.toString(16)}/0x${spec.fixedMask.toString(16)}`);
      const out = {} as Record<Name, boolean>;
      for (const name of names) out[name] = (byte & (1 << spec.flags[name])) !== 0;
      return out;
    },
    encode: (flags: Record<Name, boolean>): number => names.reduce((byte, name) => (flags[name] ? byte | (1 << spec.flags[name]) : byte), spec.fixedValue),
  });
}

/** Whether a byte carries the fixed bits of a `flagsByte` layout (cheap routing without decoding). */
export function hasFixedBits(byte: number, spec: { readonly fixedMask: number; readonly fixedValue: number }): boolean {
  return (byte & spec.fixedMask) === spec.fixedValue;
}

/** A trailing part that is present only when bytes remain (e.g. a newer protocol version's extra table). */
export function optionalTail<T>(inner: P.CoderType<T>): P.CoderType<T | undefined> {
  return P.wrap({
    encodeStream: (w, value: T | undefined) => {
      if (value !== undefined) inner.encodeStream(w, value);
    },
    decodeStream: (r) => (r.isEnd() ? undefined : inner.decodeStream(r)),
  });
}
