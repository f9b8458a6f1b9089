// The few IPP/1.1–2.0 operations the kiosk needs to follow a CUPS job (RFC 8010 encoding):
// Get-Job-Attributes and Get-Printer-Attributes, over HTTP POST `application/ipp`. Pure codec
// plus one small HTTP call; `lp` still submits the jobs.
import http from 'node:http';
import { err, ok, type Result } from '../../../../src-common/result';

export const IPP_OPERATION = { getPrinterAttributes: 0x000b, getJobAttributes: 0x0009 } as const;

const TAG = {
  operationAttributes: 0x01,
  jobAttributes: 0x02,
  endOfAttributes: 0x03,
  printerAttributes: 0x04,
  unsupportedAttributes: 0x05,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  uri: 0x45,
  charset: 0x47,
  naturalLanguage: 0x48,
  keyword: 0x44,
} as const;

/** How long one IPP request may take on loopback or the LAN before it counts as no answer. */
export const IPP_REQUEST_TIMEOUT_MS = 5000;

export type IppValue = string | number | boolean;
export type IppAttributes = Map<string, IppValue[]>;

function attribute(tag: number, name: string, value: string): Buffer {
  const n = Buffer.from(name, 'utf8');
  const v = Buffer.from(value, 'utf8');
  const head = Buffer.alloc(1 + 2 + n.length + 2);
  head[0] = tag;
  head.writeUInt16BE(n.length, 1);
  n.copy(head, 3);
  head.writeUInt16BE(v.length, 3 + n.length);
  return Buffer.concat([head, v]);
}

/** Encodes a request with the standard operation attributes plus a target URI. */
export function encodeIppRequest(operation: number, requestId: number, target: { name: 'printer-uri' | 'job-uri'; uri: string }, requested: readonly string[]): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(2, 0);
  header.writeUInt8(0, 1);
  header.writeUInt16BE(operation, 2);
  header.writeUInt32BE(requestId, 4);
  const parts = [
    header,
    Buffer.of(TAG.operationAttributes),
    attribute(TAG.charset, 'attributes-charset', 'utf-8'),
    attribute(TAG.naturalLanguage, 'attributes-natural-language', 'en'),
    attribute(TAG.uri, target.name, target.uri),
    ...requested.map((r, i) => attribute(TAG.keyword, i === 0 ? 'requested-attributes' : '', r)),
    Buffer.of(TAG.endOfAttributes),
  ];
  return Buffer.concat(parts);
}

export interface IppResponse {
  readonly statusCode: number;
  readonly requestId: number;
  /** Every attribute of every group, by name (later groups do not overwrite earlier values). */
  readonly attributes: IppAttributes;
}

/** Decodes a response; integers and enums as numbers, booleans, everything else as UTF-8 text. */
export function decodeIppResponse(bytes: Buffer): Result<IppResponse, string> {
  if (bytes.length < 9) return err(`IPP response of ${bytes.length} bytes is too short`);
  const statusCode = bytes.readUInt16BE(2);
  const requestId = bytes.readUInt32BE(4);
  const attributes: IppAttributes = new Map();
  let offset = 8;
  let lastName = '';
  while (offset < bytes.length) {
    const tag = bytes[offset]!;
    offset += 1;
    if (tag === TAG.endOfAttributes) break;
    if (tag <= 0x0f) continue; // a group delimiter
    if (offset + 2 > bytes.length) return err('IPP response truncated in a name length');
    const nameLength = bytes.readUInt16BE(offset);
    offset += 2;
    const name = nameLength > 0 ? bytes.toString('utf8', offset, offset + nameLength) : lastName;
    offset += nameLength;
    if (offset + 2 > bytes.length) return err('IPP response truncated in a value length');
    const valueLength = bytes.readUInt16BE(offset);
    offset += 2;
    if (offset + valueLength > bytes.length) return err(`IPP response truncated in the value of ${name}`);
    const raw = bytes.subarray(offset, offset + valueLength);
    offset += valueLength;
    lastName = name;
    let value: IppValue;
    if ((tag === TAG.integer || tag === TAG.enum) && valueLength === 4) value = raw.readInt32BE(0);
    else if (tag === TAG.boolean && valueLength === 1) value = raw[0] === 1;
    else value = raw.toString('utf8');
    const list = attributes.get(name);
    if (list) list.push(value);
    else attributes.set(name, [value]);
  }
  return ok({ statusCode, requestId, attributes });
}

/** POSTs one IPP request to `http://host:port/path` and decodes the answer. */
export function ippRequest(url: URL, body: Buffer): Promise<Result<IppResponse, string>> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: url.hostname, port: url.port || 631, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length }, timeout: IPP_REQUEST_TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          if (response.statusCode !== 200) resolve(err(`IPP HTTP ${response.statusCode} from ${url.href}`));
          else resolve(decodeIppResponse(Buffer.concat(chunks)));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${IPP_REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', (e) => resolve(err(`IPP request to ${url.href} failed: ${e.message}`)));
    request.end(body);
  });
}
