// Shared drawing for the kiosk's PDFs: millimetre units, the embedded CJK font, vector QR codes
// and the fictitious demo seal. pdfkit embeds only the glyphs used (a subset of Noto Sans SC).
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { bundledCjkFontPath, glyphOutline } from '../escpos/glyphRasterizer';

/** PDF points per millimetre (72 pt per inch, 25.4 mm per inch). */
export const PT_PER_MM = 72 / 25.4;
export const mm = (value: number): number => value * PT_PER_MM;

export const A4_MM = { width: 210, height: 297 } as const;
export const CJK_FONT = 'NotoSansSC';

let fontBytes: Buffer | undefined;
/** The font file, read once per process (10 MB; pdfkit subsets it per document). */
function cjkFontBytes(): Buffer {
  fontBytes ??= fs.readFileSync(bundledCjkFontPath());
  return fontBytes;
}

export interface PdfMetadata {
  readonly title: string;
  readonly subject: string;
  /** Creation time (UTC ISO-8601); fixed by the caller so documents are reproducible. */
  readonly createdAt: string;
}

/** A new A4 document in PDF/A-2b mode with the CJK font registered. */
export function newA4Document(meta: PdfMetadata, size: [number, number] = [mm(A4_MM.width), mm(A4_MM.height)]): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size,
    margin: 0,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: false,
    displayTitle: true,
    lang: 'zh-CN',
    info: { Title: meta.title, Subject: meta.subject, Author: 'Budayang kiosk', Creator: 'Budayang', Producer: 'Budayang (pdfkit)', CreationDate: new Date(meta.createdAt) },
    autoFirstPage: true,
  });
  doc.registerFont(CJK_FONT, cjkFontBytes());
  doc.font(CJK_FONT);
  return doc;
}

/** Collects a finished document's bytes. */
export function finish(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.end();
  });
}

/** Draws a QR code as vector squares with its quiet zone, top-left at (xMm, yMm). */
export function drawQr(doc: PDFKit.PDFDocument, data: string, xMm: number, yMm: number, sizeMm: number): void {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = mm(sizeMm) / (count + 2 * quiet);
  doc.save().rect(mm(xMm), mm(yMm), mm(sizeMm), mm(sizeMm)).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(mm(xMm) + (col + quiet) * cell, mm(yMm) + (row + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#000000').restore();
}

/**
 * Draws the demo seal: a red ring, a star, the department name along the upper arc and
 * "样章 仅供演示" across the bottom, so it cannot be mistaken for a real seal (assets/seal/).
 */
export function drawDemoSeal(doc: PDFKit.PDFDocument, centerXmm: number, centerYmm: number, radiusMm: number, department: string): void {
  const red = '#d7262b';
  const cx = mm(centerXmm);
  const cy = mm(centerYmm);
  const r = mm(radiusMm);
  doc.save().opacity(0.85);
  doc.lineWidth(mm(1.2)).strokeColor(red).circle(cx, cy, r - mm(0.6)).stroke();
  // Five-pointed star.
  const star: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r * 0.28 : r * 0.11;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    star.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  doc.polygon(...star).fill(red);
  // Lettering is drawn as glyph outlines, not text: a seal is an image, and its characters
  // must not mix into the document's extractable text.
  const chars = Array.from(department);
  const fontSize = Math.min(mm(5), (r * 0.72 * Math.PI * 1.2) / Math.max(chars.length, 1));
  const span = Math.min(Math.PI * 1.3, chars.length * 1.1 * (fontSize / (r * 0.72)));
  doc.fillColor(red);
  chars.forEach((ch, i) => {
    const angle = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    drawGlyph(doc, ch, cx + r * 0.72 * Math.cos(angle), cy + r * 0.72 * Math.sin(angle), fontSize, (angle * 180) / Math.PI + 90);
  });
  const label = Array.from('样章 仅供演示');
  const labelSize = mm(3.2);
  label.forEach((ch, i) => drawGlyph(doc, ch, cx + (i - (label.length - 1) / 2) * labelSize, cy + r * 0.6, labelSize, 0));
  doc.restore();
  doc.fillColor('#000000').opacity(1);
}

/** Fills one character's outline centred on (x, y) at `size` points, rotated by `degrees`. */
function drawGlyph(doc: PDFKit.PDFDocument, ch: string, x: number, y: number, size: number, degrees: number): void {
  const outline = glyphOutline(ch);
  if (!outline || ch === ' ') return;
  const scale = size / outline.unitsPerEm;
  // Font units are y-up with the baseline at 0; the ideographic box is about −120…880.
  doc.save().translate(x, y).rotate(degrees).scale(scale, -scale).translate(-outline.advance / 2, -380);
  doc.path(outline.svgPath).fill();
  doc.restore();
}
