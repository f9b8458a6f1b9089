// GB18030 text for receipt printers. Printer fonts hold ASCII plus two-byte GB codes only
// (docs/protocols/escpos.md#chinese-text: "GB18030 only supports double bytes 1–5 area"), and many cheap heads hold
// only GB2312. Characters outside the printer's font must be drawn as raster, never sent as `?`
// or as a four-byte sequence that prints mojibake. The encode table is built from Node's own
// GB18030 decoder (full ICU), so no third-party codec is needed in the driver layer.

/** Which double-byte codes the printer's resident font can show. */
export type PrinterFontCoverage =
  | 'gb2312' // rows A1–F7, cells A1–FE: the safe default for unknown clones
  | 'gbk'; // every two-byte GB18030 code (GBK areas 1–5)

let twoByteTable: Map<string, number> | undefined;

/** Unicode character → its two-byte GB18030 code, for every two-byte code (built once, ~20 ms). */
function table(): Map<string, number> {
  if (twoByteTable) return twoByteTable;
  const decoder = new TextDecoder('gb18030');
  const map = new Map<string, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const ch = decoder.decode(pair);
      // Private-use code points are font-specific; treat them as not printable. FE50–FEA0 held
      // characters that GBK mapped to private use and GB18030-2005 to CJK Ext A (䶮 is FE9F):
      // a GBK-era printer font draws whatever its vendor put there, so those go out as raster.
      if (lead === 0xfe && trail >= 0x50 && trail <= 0xa0) continue;
      if (ch.length === 1 && ch !== '\ufffd' && !(ch >= '\ue000' && ch <= '\uf8ff') && !map.has(ch)) map.set(ch, (lead << 8) | trail);
    }
  }
  twoByteTable = map;
  return map;
}

function isGb2312(code: number): boolean {
  const lead = code >> 8;
  const trail = code & 0xff;
  return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe;
}

/** The bytes of one character in the printer's font, or undefined when the font lacks it. */
export function printerBytesFor(ch: string, coverage: PrinterFontCoverage): readonly number[] | undefined {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp <= 0x7e) return [cp];
  const code = table().get(ch);
  if (code === undefined) return undefined;
  if (coverage === 'gb2312' && !isGb2312(code)) return undefined;
  return [code >> 8, code & 0xff];
}

/** True when every character of `text` is in the printer's font. */
export function isPrintableText(text: string, coverage: PrinterFontCoverage): boolean {
  for (const ch of text) if (!printerBytesFor(ch, coverage)) return false;
  return true;
}

/** Encodes text that `isPrintableText` accepted; throws on a character the font lacks (a bug). */
export function encodePrinterText(text: string, coverage: PrinterFontCoverage): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const bytes = printerBytesFor(ch, coverage);
    if (!bytes) throw new Error(`U+${ch.codePointAt(0)!.toString(16).toUpperCase()} is not in the printer font`);
    out.push(...bytes);
  }
  return out;
}

/** Printed width in half-width columns: ASCII 1, everything else 2 (CJK fonts are 24×24 vs 12×24). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return width;
}

/** Decodes bytes the printer received in Chinese mode back to Unicode (simulator side). */
export function decodeGb18030(bytes: Uint8Array): string {
  return new TextDecoder('gb18030').decode(bytes);
}
