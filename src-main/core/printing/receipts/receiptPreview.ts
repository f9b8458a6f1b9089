// Screen previews of a ReceiptDocument through receiptline 4: the same document, rendered as
// receiptline markup, gives an SVG for the technician's screen and plain text for logs and
// docs. Printing itself uses our ESC/POS codec (see encodeReceipt.ts for why).
import receiptline from 'receiptline';
import type { ReceiptBlock, ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';

/** Escapes receiptline's special characters in text (README "Escape sequences in text"). */
function escapeText(text: string): string {
  const escaped = text.replace(/[\\|{}~_"`^]/g, (c) => `\\${c}`);
  return /^[-=]+$/.test(escaped) ? `\\${escaped}` : escaped;
}

/** Escapes a property value (README "Escape sequences in property values"). */
function escapeProperty(value: string): string {
  return value.replace(/[\\|{};]/g, (c) => `\\${c}`);
}

function blockMarkup(block: ReceiptBlock): string[] {
  switch (block.kind) {
    case 'text': {
      let body = escapeText(block.text);
      if (block.bold) body = `"${body}"`;
      if (block.size === 'large') body = `^^^${body}`;
      const alignment = block.align ?? 'left';
      // "The column is attracted to the pipe like a magnet."
      return [alignment === 'left' ? `|${body}` : alignment === 'right' ? `${body}|` : body];
    }
    case 'pair':
      return [`${escapeText(block.label)} | ${escapeText(block.value)}`];
    case 'rule':
      return ['-'];
    case 'qr':
      return [`{code:${escapeProperty(block.data)}; option:qrcode,6,m}`, ...(block.caption ? [escapeText(block.caption)] : [])];
    case 'feed':
      return Array.from({ length: block.lines }, () => '');
    default: {
      const unreachable: never = block;
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The document as receiptline markup, ending with a paper cut. */
export function toReceiptlineMarkup(document: ReceiptDocument): string {
  return [...document.blocks.flatMap(blockMarkup), '='].join('\n');
}

export function receiptSvg(document: ReceiptDocument, columns = 48): string {
  return receiptline.transform(toReceiptlineMarkup(document), { cpl: columns, encoding: 'gb18030', command: 'svg' });
}

export function receiptPlainText(document: ReceiptDocument, columns = 48): string {
  return receiptline.transform(toReceiptlineMarkup(document), { cpl: columns, encoding: 'gb18030', command: 'text' });
}
