// Renders a ReceiptDocument to ESC/POS bytes with our own codec. receiptline's ESC/POS output is
// not used: it prints QR codes as GS 8 L raster graphics instead of GS ( k and sends characters
// outside GBK as four-byte GB18030 sequences, which these printers print as mojibake
// (docs/printing.md). Lines the printer font cannot show are drawn as GS v 0 raster lines.
import { align, bold, characterSize, chineseModeOn, feedAndCut, feedLines, initialize, LF, qrCode, rasterImage, type MonoBitmap } from './escposCommands';
import { displayWidth, encodePrinterText, isPrintableText, type PrinterFontCoverage } from './gbText';
import type { ReceiptAlignment, ReceiptBlock, ReceiptDocument } from './receiptDocument';

/** Draws one line of text as a bitmap (the core supplies one backed by the embedded CJK font). */
export interface RasterTextRenderer {
  renderLine(text: string, options: Readonly<{ widthDots: number; heightDots: number; align: ReceiptAlignment; scale: 1 | 2 }>): MonoBitmap;
}

export interface ReceiptEncodingOptions {
  /** Half-width columns per line: 48 on 80 mm paper, 32 on 58 mm. */
  readonly columns: number;
  /** Printable dots per line: 576 on 80 mm at 203 dpi, 384 on 58 mm. */
  readonly dotsPerLine: number;
  readonly fontCoverage: PrinterFontCoverage;
  readonly rasterText: RasterTextRenderer;
  /** QR module size in dots. */
  readonly qrModuleSize?: number;
}

/** Height of one text line in dots: the 24-dot CJK font. */
export const LINE_HEIGHT_DOTS = 24;

/** Splits text into lines no wider than `columns` half-width columns. */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const ch of paragraph) {
      if (displayWidth(line + ch) > columns) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
    lines.push(line);
  }
  return lines;
}

/** Lays out a label/value pair on one line, or the value right-aligned on following lines. */
export function layoutPair(label: string, value: string, columns: number): string[] {
  const gap = columns - displayWidth(label) - displayWidth(value);
  if (gap >= 1) return [label + ' '.repeat(gap) + value];
  return [label, ...wrapText(value, columns).map((l) => ' '.repeat(Math.max(0, columns - displayWidth(l))) + l)];
}

function textLine(out: number[], line: string, alignment: ReceiptAlignment, scale: 1 | 2, options: ReceiptEncodingOptions): void {
  if (isPrintableText(line, options.fontCoverage)) {
    out.push(...encodePrinterText(line, options.fontCoverage), LF);
    return;
  }
  // A rare character (e.g. 䶮, 𠮷 in a name): the whole line goes out as an image.
  const bitmap = options.rasterText.renderLine(line, { widthDots: options.dotsPerLine, heightDots: LINE_HEIGHT_DOTS * scale, align: alignment, scale });
  out.push(...align('left'), ...rasterImage(bitmap), ...align(alignment));
}

function encodeBlock(out: number[], block: ReceiptBlock, options: ReceiptEncodingOptions): void {
  switch (block.kind) {
    case 'text': {
      const alignment = block.align ?? 'left';
      const scale = block.size === 'large' ? 2 : 1;
      out.push(...align(alignment), ...bold(block.bold ?? false), ...characterSize(scale, scale));
      for (const line of wrapText(block.text, Math.floor(options.columns / scale))) textLine(out, line, alignment, scale, options);
      out.push(...bold(false), ...characterSize(1, 1));
      return;
    }
    case 'pair':
      out.push(...align('left'));
      for (const line of layoutPair(block.label, block.value, options.columns)) textLine(out, line, 'left', 1, options);
      return;
    case 'rule':
      out.push(...align('left'), ...encodePrinterText('-'.repeat(options.columns), options.fontCoverage), LF);
      return;
    case 'qr':
      out.push(...align('center'), ...qrCode(new TextEncoder().encode(block.data), options.qrModuleSize ?? 6), LF);
      if (block.caption !== undefined) for (const line of wrapText(block.caption, options.columns)) textLine(out, line, 'center', 1, options);
      out.push(...align('left'));
      return;
    case 'feed':
      out.push(...feedLines(block.lines));
      return;
    default: {
      const unreachable: never = block;
      throw new Error(`unknown receipt block ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The whole job: initialise, Chinese mode, the blocks, feed and cut. Pure. */
export function encodeReceipt(document: ReceiptDocument, options: ReceiptEncodingOptions): Uint8Array {
  const out: number[] = [...initialize(), ...chineseModeOn()];
  for (const block of document.blocks) encodeBlock(out, block, options);
  out.push(...feedLines(3), ...feedAndCut(0));
  return Uint8Array.from(out);
}
