// The declarative receipt: what templates produce and every renderer (ESC/POS bytes, receiptline
// SVG/text preview) consumes. Pure data, no printer specifics.

export type ReceiptAlignment = 'left' | 'center' | 'right';

export type ReceiptBlock =
  /** A paragraph; wrapped to the paper width. `large` is double width and height. */
  | { readonly kind: 'text'; readonly text: string; readonly align?: ReceiptAlignment; readonly bold?: boolean; readonly size?: 'normal' | 'large' }
  /** A label on the left and its value on the right of the same line (wraps the value if long). */
  | { readonly kind: 'pair'; readonly label: string; readonly value: string }
  /** A full-width horizontal rule. */
  | { readonly kind: 'rule' }
  /** A QR code, centred, with an optional caption line under it. */
  | { readonly kind: 'qr'; readonly data: string; readonly caption?: string }
  /** Blank lines. */
  | { readonly kind: 'feed'; readonly lines: number };

export interface ReceiptDocument {
  /** Kind of receipt, for job records and logs (never PII). */
  readonly kind: 'acceptance' | 'payment' | 'refundClaim' | 'cashCollection' | 'testPage';
  readonly blocks: readonly ReceiptBlock[];
}
