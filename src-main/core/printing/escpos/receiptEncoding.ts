// Paper-width presets and the one place the core builds ESC/POS encoding options.
import type { ReceiptEncodingOptions } from '../../../../drivers/printer/escpos/encodeReceipt';
import type { PrinterFontCoverage } from '../../../../drivers/printer/escpos/gbText';
import { fontRasterTextRenderer } from './glyphRasterizer';

/** 80 mm paper at 203 dpi: 576 dots, 48 half-width columns (Font A 12×24); 58 mm: 384 dots, 32 columns. */
export const PAPER_PRESETS = {
  '80mm': { columns: 48, dotsPerLine: 576 },
  '58mm': { columns: 32, dotsPerLine: 384 },
} as const;
export type PaperWidth = keyof typeof PAPER_PRESETS;

export function receiptEncodingOptions(paper: PaperWidth = '80mm', fontCoverage: PrinterFontCoverage = 'gb2312'): ReceiptEncodingOptions {
  return { ...PAPER_PRESETS[paper], fontCoverage, rasterText: fontRasterTextRenderer, qrModuleSize: 6 };
}
