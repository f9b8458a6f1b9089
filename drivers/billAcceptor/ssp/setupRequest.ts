// SETUP REQUEST reply of a banknote validator (protocols.md §3.5). Multi-byte order follows the
// kybarg/ssp evidence (3-byte multipliers big-endian, 4-byte expanded values little-endian); the
// manual does not say, so the channel values used for money come from the expanded table when
// present and are cross-checked against the 1-byte table.
import { err, ok, type Result } from '../../../src-common/result';

export interface SetupRequestInfo {
  readonly unitType: number;
  readonly firmwareVersion: string;
  readonly currency: string;
  readonly valueMultiplier: number;
  readonly realValueMultiplier: number;
  readonly protocolVersion: number;
  /** Face value of each channel in whole currency units (index 0 = channel 1). */
  readonly channelValues: readonly number[];
  /** Currency of each channel (protocol ≥ 6), else the unit's currency. */
  readonly channelCurrencies: readonly string[];
}

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const be24 = (b: Uint8Array, i: number) => (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
const le32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** Parses the bytes after the OK byte. */
export function parseSetupRequest(afterOk: Uint8Array): Result<SetupRequestInfo, string> {
  const fixedHead = 1 + 4 + 3 + 3 + 1;
  if (afterOk.length < fixedHead) return err(`SETUP REQUEST reply too short (${afterOk.length} bytes)`);
  const unitType = afterOk[0]!;
  const firmwareVersion = ascii(afterOk.subarray(1, 5));
  const currency = ascii(afterOk.subarray(5, 8));
  const valueMultiplier = be24(afterOk, 8);
  const n = afterOk[11]!;
  const afterChannels = fixedHead + 2 * n;
  if (afterOk.length < afterChannels + 4) return err(`SETUP REQUEST reply too short for ${n} channels`);
  const shortValues = [...afterOk.subarray(fixedHead, fixedHead + n)];
  const realValueMultiplier = be24(afterOk, afterChannels);
  const protocolVersion = afterOk[afterChannels + 3]!;
  let channelValues: number[] = shortValues.map((v) => v * Math.max(valueMultiplier, 1));
  let channelCurrencies: string[] = shortValues.map(() => currency);
  if (protocolVersion >= 6) {
    const expandedStart = afterChannels + 4;
    if (afterOk.length < expandedStart + 7 * n) return err(`SETUP REQUEST reply lacks the protocol ≥ 6 expanded channel table`);
    channelCurrencies = [];
    channelValues = [];
    for (let c = 0; c < n; c++) channelCurrencies.push(ascii(afterOk.subarray(expandedStart + 3 * c, expandedStart + 3 * c + 3)));
    for (let c = 0; c < n; c++) channelValues.push(le32(afterOk, expandedStart + 3 * n + 4 * c));
  }
  return ok({ unitType, firmwareVersion, currency, valueMultiplier, realValueMultiplier, protocolVersion, channelValues, channelCurrencies });
}

/** Builds a reply body (after OK) for the simulator, protocol ≥ 6 layout. */
export function encodeSetupRequest(info: SetupRequestInfo): number[] {
  const out: number[] = [info.unitType, ...[...info.firmwareVersion.padEnd(4, '0').slice(0, 4)].map((c) => c.charCodeAt(0))];
  out.push(...[...info.currency].map((c) => c.charCodeAt(0)));
  out.push((info.valueMultiplier >> 16) & 0xff, (info.valueMultiplier >> 8) & 0xff, info.valueMultiplier & 0xff);
  out.push(info.channelValues.length);
  out.push(...info.channelValues.map((v) => (v <= 255 ? v : 0)));
  out.push(...info.channelValues.map(() => 2)); // channel security: obsolete, sent as 2 by real units
  out.push((info.realValueMultiplier >> 16) & 0xff, (info.realValueMultiplier >> 8) & 0xff, info.realValueMultiplier & 0xff);
  out.push(info.protocolVersion);
  if (info.protocolVersion >= 6) {
    for (const cur of info.channelCurrencies) out.push(...[...cur].map((c) => c.charCodeAt(0)));
    for (const v of info.channelValues) out.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  }
  return out;
}
