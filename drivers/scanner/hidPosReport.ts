// Decoding of HID POS barcode scanner input reports (docs/protocols/barcode-scanners.md#hid-pos, usage page 0x8C), as
// Honeywell/Youjie/Zebra/Datalogic implement them: a length byte, an AIM symbology identifier,
// the data, and a "more reports follow" flag at byte 62.
import { MAX_SCAN_BYTES } from './serialScanLines';

/** Usage page of the HID POS bar code scanner page and the scanner application usage. */
export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCANNER_USAGE = 0x02;
/** Offset (after the report id) of the "more follows" flag. */
const MORE_FOLLOWS_OFFSET = 62;
/** The data starts after the length byte and a 3-byte AIM identifier such as `]Q1`. */
const AIM_ID_LENGTH = 3;

export interface HidPosFragment {
  readonly data: Uint8Array;
  /** AIM symbology identifier, e.g. `]Q1` (QR), `]C0` (Code 128); empty when absent. */
  readonly symbology: string;
  readonly moreFollows: boolean;
}

/**
 * Decodes one input report (without the report id byte). Returns undefined for reports that
 * cannot be HID POS data (too short, length beyond the report).
 */
export function decodeHidPosReport(report: Uint8Array): HidPosFragment | undefined {
  if (report.length < 1) return undefined;
  const length = report[0]!;
  const hasAim = report[1] === 0x5d; // ']'
  const start = 1 + (hasAim ? AIM_ID_LENGTH : 0);
  const dataLength = hasAim ? length - AIM_ID_LENGTH : length;
  if (dataLength < 0 || start + dataLength > report.length || start + dataLength > MORE_FOLLOWS_OFFSET) return undefined;
  const symbology = hasAim ? String.fromCharCode(...report.subarray(1, 1 + AIM_ID_LENGTH)) : '';
  return { data: report.slice(start, start + dataLength), symbology, moreFollows: (report[MORE_FOLLOWS_OFFSET] ?? 0) !== 0 };
}

/**
 * Joins fragments until the last one of a barcode; strips one trailing CR as the vendor library
 * does. A barcode longer than MAX_SCAN_BYTES is noise (a stuck "more follows" flag): it is dropped
 * rather than held, so the assembler's memory stays bounded.
 */
export class HidPosAssembler {
  private parts: Uint8Array[] = [];
  private pending = 0;

  /** Bytes of an unfinished barcode held so far (never more than MAX_SCAN_BYTES). */
  get pendingByteCount(): number {
    return this.pending;
  }

  push(report: Uint8Array): string | undefined {
    const fragment = decodeHidPosReport(report);
    if (!fragment) return undefined;
    this.parts.push(fragment.data);
    this.pending += fragment.data.length;
    if (this.pending > MAX_SCAN_BYTES) {
      this.parts = [];
      this.pending = 0;
      return undefined;
    }
    if (fragment.moreFollows) return undefined;
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      joined.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.pending = 0;
    const text = new TextDecoder().decode(joined).replace(/\r$/, '');
    return text.length > 0 ? text : undefined;
  }
}

/** Encodes a barcode as HID POS reports (without report id), for the simulator and tests. */
export function encodeHidPosReports(text: string, symbology = ']Q1', reportSize = 63): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const room = MORE_FOLLOWS_OFFSET - 1 - AIM_ID_LENGTH;
  const reports: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += room) {
    const part = bytes.subarray(i, i + room);
    const report = new Uint8Array(reportSize);
    report[0] = part.length + AIM_ID_LENGTH;
    for (let k = 0; k < AIM_ID_LENGTH; k++) report[1 + k] = symbology.charCodeAt(k);
    report.set(part, 1 + AIM_ID_LENGTH);
    report[MORE_FOLLOWS_OFFSET] = i + room < bytes.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
