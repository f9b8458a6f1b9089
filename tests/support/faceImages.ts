// Test faces for 人证核验: a 4×4 block pattern painted from a signature of the reference
// platform's comparator (platform/server/identity/faceSignature.ts), as a JPEG (unit and route
// tests) or as a Y4M clip for Chromium's fake camera (e2e: --use-file-for-fake-video-capture).
import jpeg from 'jpeg-js';
import { FACE_GRID, type FaceSignature } from '../../platform/server/identity/faceSignature';

const BRIGHT = 200;
const DARK = 50;

/** Luma (one byte per pixel, row by row) of the pattern: bright cells for '1', dark for '0'. */
export function paintFace(signature: FaceSignature, width: number, height: number): Uint8Array {
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * FACE_GRID) / height);
    for (let x = 0; x < width; x++) luma[y * width + x] = signature[row * FACE_GRID + Math.floor((x * FACE_GRID) / width)] === '1' ? BRIGHT : DARK;
  }
  return luma;
}

/** The pattern as a grey JPEG. */
export function faceJpeg(signature: FaceSignature, width = 320, height = 240): Buffer {
  const luma = paintFace(signature, width, height);
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < luma.length; i++) rgba.fill(luma[i]!, i * 4, i * 4 + 3).writeUInt8(255, i * 4 + 3);
  return jpeg.encode({ data: rgba, width, height }, 85).data;
}

/** A one-frame grey Y4M clip (4:2:0) of the pattern; Chromium's fake camera loops it. */
export function faceY4m(signature: FaceSignature, width = 320, height = 240): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([header, Buffer.from('FRAME\n'), Buffer.from(paintFace(signature, width, height)), chroma]);
}
