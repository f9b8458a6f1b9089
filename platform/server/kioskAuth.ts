// Verifies a kiosk's signed request (platform/openapi.yaml "KioskSignature"): known kiosk, clock
// within tolerance, Ed25519 signature over method, path, body hash, timestamp and nonce, nonce
// never seen before. Refusals name the cause so a technician can fix a kiosk's clock or key.
import crypto from 'node:crypto';
import { canonicalRequest, MAX_CLOCK_SKEW_SECONDS, SIGNATURE_HEADERS } from '../../src-common/wire/wire';
import type { KioskRow, PlatformStore } from './platformStore';

/** Why a signed request was refused (the `error` field of the 401 answer). */
export type AuthFailure = 'unsigned' | 'unknownKiosk' | 'clockSkew' | 'badSignature' | 'replay';

export interface SignedRequestParts {
  readonly method: string;
  /** Path with query, exactly as sent. */
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawBody: string;
}

function header(parts: SignedRequestParts, name: string): string | undefined {
  const v = parts.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function verifySignature(publicKeySpkiBase64: string, parts: SignedRequestParts): boolean {
  const timestamp = header(parts, SIGNATURE_HEADERS.timestamp);
  const nonce = header(parts, SIGNATURE_HEADERS.nonce);
  const signature = header(parts, SIGNATURE_HEADERS.signature);
  if (!timestamp || !nonce || !signature) return false;
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    const text = canonicalRequest({ method: parts.method, path: parts.url, bodySha256Hex: sha256Hex(parts.rawBody), timestamp, nonce });
    return crypto.verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Clock check: the signed timestamp must be within MAX_CLOCK_SKEW_SECONDS of ours. */
export function checkClock(parts: SignedRequestParts, nowMs: number): boolean {
  const at = Date.parse(header(parts, SIGNATURE_HEADERS.timestamp) ?? '');
  return !Number.isNaN(at) && Math.abs(nowMs - at) <= MAX_CLOCK_SKEW_SECONDS * 1000;
}

export function authenticateKiosk(store: PlatformStore, parts: SignedRequestParts, nowMs: number): { kiosk: KioskRow } | { failure: AuthFailure; message: string } {
  const kioskId = header(parts, SIGNATURE_HEADERS.kioskId);
  const nonce = header(parts, SIGNATURE_HEADERS.nonce);
  if (!kioskId || !nonce || !header(parts, SIGNATURE_HEADERS.signature) || !header(parts, SIGNATURE_HEADERS.timestamp)) {
    return { failure: 'unsigned', message: 'the request carries no complete kiosk signature' };
  }
  const kiosk = store.kioskById(kioskId);
  if (!kiosk) return { failure: 'unknownKiosk', message: `kiosk ${kioskId.slice(0, 60)} is not provisioned here` };
  if (!checkClock(parts, nowMs)) {
    return { failure: 'clockSkew', message: `request time ${header(parts, SIGNATURE_HEADERS.timestamp)} is more than ${MAX_CLOCK_SKEW_SECONDS} s from the platform's clock; the kiosk adjusts from serverTime` };
  }
  if (!verifySignature(kiosk.public_key, parts)) return { failure: 'badSignature', message: 'the signature does not match this kiosk key and request' };
  // Nonces are kept for twice the skew window: a replay older than that fails the clock check.
  if (!store.rememberNonce(kiosk.id, nonce, nowMs, 2 * MAX_CLOCK_SKEW_SECONDS * 1000)) {
    return { failure: 'replay', message: 'this nonce was already used: the request is a replay' };
  }
  return { kiosk };
}
