// Draws a receipt line as a 1-bit bitmap with the embedded CJK font, for characters the
// printer's resident font lacks (rare name characters such as 䶮 or 𠮷). The driver layer only
// sees the RasterTextRenderer interface; the font and fontkit stay in the core.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { MonoBitmap } from '../../../../drivers/printer/escpos/escposCommands';
import type { RasterTextRenderer } from '../../../../drivers/printer/escpos/encodeReceipt';
import type { ReceiptAlignment } from '../../../../drivers/printer/escpos/receiptDocument';

const require = createRequire(import.meta.url);
/** fontkit ships with pdfkit (no type declarations): only `openSync` is used. */
const fontkit = require('fontkit') as { openSync(path: string, postscriptName?: string): unknown };

/** The bundled Noto Sans SC (OFL-1.1), shared with the PDF documents. */
export function bundledCjkFontPath(): string {
  return require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
}

/**
 * System CJK fonts consulted after the bundled one: Noto Sans SC lacks most of CJK Extension B
 * (e.g. 𠮷 U+20BB7); Debian's fonts-noto-cjk has it. A character no font has is drawn as a box.
 */
const SYSTEM_FALLBACK_FONTS: readonly { path: string; postscriptName?: string }[] = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' },
];

/** Where the baseline sits in a line box, as a fraction of its height (CJK ideographic box −0.12…0.88 em). */
const BASELINE_FRACTION = 0.88;
/** Straight segments per Bézier curve when flattening outlines: enough for 24–48 dot glyphs. */
const CURVE_STEPS = 6;

type Point = readonly [number, number];
type Glyph = { path: { commands: { command: string; args: number[] }[]; toSVG(): string }; advanceWidth: number; id: number };
type Font = { unitsPerEm: number; glyphForCodePoint(cp: number): Glyph; hasGlyphForCodePoint(cp: number): boolean };

let fontChain: Font[] | undefined;

function fonts(): Font[] {
  if (fontChain) return fontChain;
  const chain: Font[] = [fontkit.openSync(bundledCjkFontPath()) as unknown as Font];
  for (const candidate of SYSTEM_FALLBACK_FONTS) {
    if (!fs.existsSync(candidate.path)) continue;
    try {
      chain.push(fontkit.openSync(candidate.path, candidate.postscriptName) as unknown as Font);
    } catch {
      // An unreadable system font is skipped; the bundled one still covers GB18030's common set.
    }
  }
  fontChain = chain;
  return chain;
}

function glyphFor(cp: number): { font: Font; glyph: Glyph } | undefined {
  for (const font of fonts()) if (font.hasGlyphForCodePoint(cp)) return { font, glyph: font.glyphForCodePoint(cp) };
  return undefined;
}

/**
 * A character's outline as an SVG path in font units (y up) from the first font that has it:
 * the PDF seal draws its lettering as shapes, so a seal is not extractable text.
 */
export function glyphOutline(ch: string): { svgPath: string; advance: number; unitsPerEm: number } | undefined {
  const cached = outlineCache.get(ch);
  if (cached) return cached;
  const found = glyphFor(ch.codePointAt(0)!);
  if (!found) return undefined;
  const outline = { svgPath: found.glyph.path.toSVG(), advance: found.glyph.advanceWidth, unitsPerEm: found.font.unitsPerEm };
  outlineCache.set(ch, outline);
  return outline;
}
const outlineCache = new Map<string, { svgPath: string; advance: number; unitsPerEm: number }>();

/** Flattens a glyph outline into closed polygons in dot coordinates (y down). */
function outline(glyph: Glyph, scale: number, originX: number, baseline: number): Point[][] {
  const polygons: Point[][] = [];
  let current: Point[] = [];
  let pen: Point = [0, 0];
  const map = (x: number, y: number): Point => [originX + x * scale, baseline - y * scale];
  for (const { command, args } of glyph.path.commands) {
    if (command === 'moveTo') {
      if (current.length > 1) polygons.push(current);
      pen = map(args[0]!, args[1]!);
      current = [pen];
    } else if (command === 'lineTo') {
      pen = map(args[0]!, args[1]!);
      current.push(pen);
    } else if (command === 'quadraticCurveTo') {
      const c = map(args[0]!, args[1]!);
      const end = map(args[2]!, args[3]!);
      const start = pen;
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        current.push([u * u * start[0] + 2 * u * t * c[0] + t * t * end[0], u * u * start[1] + 2 * u * t * c[1] + t * t * end[1]]);
      }
      pen = end;
    } else if (command === 'bezierCurveTo') {
      const c1 = map(args[0]!, args[1]!);
      const c2 = map(args[2]!, args[3]!);
      const end = map(args[4]!, args[5]!);
      const start = pen;
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        const a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        current.push([a * start[0] + b * c1[0] + c * c2[0] + d * end[0], a * start[1] + b * c1[1] + c * c2[1] + d * end[1]]);
      }
      pen = end;
    } else if (command === 'closePath') {
      if (current.length > 1) polygons.push(current);
      current = [];
    }
  }
  if (current.length > 1) polygons.push(current);
  return polygons;
}

/** Non-zero winding scanline fill at pixel centres. */
function fill(polygons: readonly Point[][], bitmap: Uint8Array, widthBytes: number, height: number): void {
  const widthDots = widthBytes * 8;
  for (let row = 0; row < height; row++) {
    const y = row + 0.5;
    const crossings: { x: number; dir: number }[] = [];
    for (const poly of polygons) {
      for (let i = 0; i < poly.length; i++) {
        const [x0, y0] = poly[i]!;
        const [x1, y1] = poly[(i + 1) % poly.length]!;
        if (y0 === y1 || y < Math.min(y0, y1) || y >= Math.max(y0, y1)) continue;
        crossings.push({ x: x0 + ((y - y0) * (x1 - x0)) / (y1 - y0), dir: y1 > y0 ? 1 : -1 });
      }
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(widthDots - 1, Math.floor(crossings[i + 1]!.x - 0.5));
      for (let x = from; x <= to; x++) bitmap[row * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
}

function boxPolygons(x: number, size: number, top: number): Point[][] {
  const inset = size * 0.1;
  const outer: Point[] = [[x + inset, top + inset], [x + size - inset, top + inset], [x + size - inset, top + size - inset], [x + inset, top + size - inset]];
  const w = Math.max(1.5, size * 0.08);
  const inner: Point[] = [[x + inset + w, top + inset + w], [x + inset + w, top + size - inset - w], [x + size - inset - w, top + size - inset - w], [x + size - inset - w, top + inset + w]];
  return [outer, inner];
}

export const fontRasterTextRenderer: RasterTextRenderer = {
  renderLine(text, { widthDots, heightDots, align }: Readonly<{ widthDots: number; heightDots: number; align: ReceiptAlignment; scale: 1 | 2 }>): MonoBitmap {
    const widthBytes = Math.ceil(widthDots / 8);
    const data = new Uint8Array(widthBytes * heightDots);
    const emDots = heightDots;
    const baseline = heightDots * BASELINE_FRACTION;
    const placed: { polygons: (originX: number) => Point[][]; advance: number }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const found = glyphFor(cp);
      if (found) {
        const scale = emDots / found.font.unitsPerEm;
        placed.push({ polygons: (x) => outline(found.glyph, scale, x, baseline), advance: found.glyph.advanceWidth * scale });
      } else {
        placed.push({ polygons: (x) => boxPolygons(x, emDots, 0), advance: emDots });
      }
    }
    const total = placed.reduce((sum, p) => sum + p.advance, 0);
    let x = align === 'center' ? Math.max(0, (widthDots - total) / 2) : align === 'right' ? Math.max(0, widthDots - total) : 0;
    const polygons: Point[][] = [];
    for (const p of placed) {
      polygons.push(...p.polygons(x));
      x += p.advance;
    }
    fill(polygons, data, widthBytes, heightDots);
    return { widthBytes, height: heightDots, data };
  },
};
