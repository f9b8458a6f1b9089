// The reference platform's stand-in for a face comparator: a coarse perceptual signature of a photo
// (the mean brightness of each cell of a 4×4 grid, one bit per cell: brighter than the photo's
// mean or not) and the share of bits two signatures agree on. Not face recognition — a
// deterministic rule the simulated authority, the e2e camera feeds (tests/e2e/support/faceFeeds.ts)
// and the unit tests share, so "matching" and "non-matching" faces are reproducible (docs/platform.md).
import jpeg from 'jpeg-js';
import { err, ok, type Result } from '../../../src-common/result';

/** Cells per side of the signature grid. */
export const FACE_GRID = 4;
/** A signature: FACE_GRID² characters '0'/'1', row by row from the top left. */
export type FaceSignature = string;

/** Below this spread between the brightest and darkest cell (0–255) there is no face to see. */
export const MIN_FACE_CONTRAST = 40;

/** Largest photo the comparator decodes (a 640×480 frame is 0.3 MP). */
const MAX_DECODE_MEGAPIXELS = 4;
const MAX_DECODE_MEMORY_MB = 64;

export interface PhotoSignature {
  readonly signature: FaceSignature;
  /** Brightest minus darkest cell mean (0–255). */
  readonly contrast: number;
}

/** The signature of an image given as luma (0–255) per pixel, row by row. */
export function signatureOfLuma(luma: (x: number, y: number) => number, width: number, height: number): PhotoSignature {
  const sums = new Array<number>(FACE_GRID * FACE_GRID).fill(0);
  const counts = new Array<number>(FACE_GRID * FACE_GRID).fill(0);
  for (let y = 0; y < height; y++) {
    const row = Math.min(FACE_GRID - 1, Math.floor((y * FACE_GRID) / height));
    for (let x = 0; x < width; x++) {
      const cell = row * FACE_GRID + Math.min(FACE_GRID - 1, Math.floor((x * FACE_GRID) / width));
      sums[cell]! += luma(x, y);
      counts[cell]! += 1;
    }
  }
  const means = sums.map((sum, i) => sum / Math.max(1, counts[i]!));
  const overall = means.reduce((a, b) => a + b, 0) / means.length;
  return { signature: means.map((m) => (m > overall ? '1' : '0')).join(''), contrast: Math.max(...means) - Math.min(...means) };
}

/** Decodes a JPEG (bounded in size and memory) and returns its signature. */
export function signatureOfJpeg(bytes: Uint8Array): Result<PhotoSignature, 'undecodable'> {
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_DECODE_MEGAPIXELS, maxMemoryUsageInMB: MAX_DECODE_MEMORY_MB });
  } catch {
    return err('undecodable');
  }
  if (image.width === 0 || image.height === 0) return err('undecodable');
  const { width, data } = image;
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  return ok(signatureOfLuma(luma, image.width, image.height));
}

/** The share of cells two signatures agree on, 0–1. */
export function similarity(a: FaceSignature, b: FaceSignature): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
