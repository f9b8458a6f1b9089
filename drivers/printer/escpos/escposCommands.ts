// ESC/POS command bytes the kiosk sends (docs/protocols/escpos.md#commands-the-kiosk-sends, docs/protocols/escpos.md#qr-codes), as pure builders. The
// simulator's decoder (escposDecoder.ts) reads the same opcodes back.

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;
export const EOT = 0x04;
export const ENQ = 0x05;

export type Alignment = 'left' | 'center' | 'right';

/** ESC @: clears the print buffer and resets modes. */
export const initialize = (): number[] => [ESC, 0x40];
/** FS &: double-byte codes are GB codes from here on (docs/protocols/escpos.md#chinese-text). */
export const chineseModeOn = (): number[] => [FS, 0x26];
/** ESC a n. */
export function align(alignment: Alignment): number[] {
  return [ESC, 0x61, alignment === 'left' ? 0 : alignment === 'center' ? 1 : 2];
}
/** ESC E n: LSB 1 = emphasised. */
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];
/** GS ! n: high nibble width multiplier − 1, low nibble height multiplier − 1. */
export const characterSize = (width: 1 | 2, height: 1 | 2): number[] => [GS, 0x21, ((width - 1) << 4) | (height - 1)];
/** ESC d n: print and feed n lines. */
export const feedLines = (lines: number): number[] => [ESC, 0x64, Math.max(0, Math.min(255, lines))];
/** GS V 66 n: feed n motion units past the cutter, then partial cut. */
export const feedAndCut = (feed = 3): number[] => [GS, 0x56, 66, feed];
/** DLE EOT n (n = 1..4): real-time status, one byte back (docs/protocols/escpos.md#real-time-status-dle-eot). */
export const realtimeStatus = (n: 1 | 2 | 3 | 4): number[] => [DLE, EOT, n];
/**
 * DLE ENQ 2: recover from an error and clear the receive and print buffers. Sent after a failed
 * job so that what is left of it does not print by surprise when paper is refilled.
 */
export const clearBuffersAfterError = (): number[] => [DLE, ENQ, 2];
/**
 * GS r 1: transmit paper sensor status. Unlike DLE EOT it is processed in order after the data
 * before it, so its reply tells the host that everything sent earlier has been printed.
 */
export const paperSensorStatusInOrder = (): number[] => [GS, 0x72, 1];

/** QR error correction levels, GS ( k fn 69 (docs/protocols/escpos.md#qr-codes). */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
const EC_BYTE: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** GS ( k, model 2: select model, module size, error correction, store data, print. */
export function qrCode(data: Uint8Array, moduleSize = 6, errorCorrection: QrErrorCorrection = 'M'): number[] {
  const storeLength = data.length + 3;
  if (storeLength > 0xffff) throw new RangeError(`QR payload of ${data.length} bytes is too long`);
  return [
    GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0,
    GS, 0x28, 0x6b, 3, 0, 49, 67, Math.max(1, Math.min(16, moduleSize)),
    GS, 0x28, 0x6b, 3, 0, 49, 69, EC_BYTE[errorCorrection],
    GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 49, 80, 48, ...data,
    GS, 0x28, 0x6b, 3, 0, 49, 81, 48,
  ];
}

/** A 1-bit image, rows top to bottom, `widthBytes` bytes per row, MSB = leftmost dot, 1 = black. */
export interface MonoBitmap {
  readonly widthBytes: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** GS v 0 m=0: print a raster bit image at normal density. */
export function rasterImage(bitmap: MonoBitmap): number[] {
  const { widthBytes, height } = bitmap;
  return [GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, height & 0xff, height >> 8, ...bitmap.data];
}
