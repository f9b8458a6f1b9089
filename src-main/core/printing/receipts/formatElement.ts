// One printed element as a line of text, for `budayang simulate receipt-printer` and logs of the
// diagnostics preview: text as printed, QR codes and raster lines marked, cuts as a rule.
import type { PrintedElement } from '../../../../drivers/printer/escpos/ReceiptPrinterSimulator';

export function formatElement(element: PrintedElement): string {
  switch (element.kind) {
    case 'text':
      return element.text;
    case 'qr':
      return `[QR ${element.data}]`;
    case 'raster':
      return element.qrData !== undefined ? `[QR (raster) ${element.qrData}]` : `[raster ${element.bitmap.widthBytes * 8}x${element.bitmap.height}]`;
    case 'cut':
      return '✂ ---------------- cut ----------------';
    default: {
      const unreachable: never = element;
      return String(unreachable);
    }
  }
}
