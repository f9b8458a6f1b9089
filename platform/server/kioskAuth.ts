// Verifies a kiosk's signed request (platform/openapi.yaml "KioskSignature") from its headers
// alone, before a byte of the body is read: known kiosk, clock within tolerance, Ed25519
// signature over method, path, declared body hash, timestamp and nonce. The body is then held to
// the declared hash as it is parsed, and only then is the nonce spent (never seen before). Refusals name the cause so a
// technician can fix a kiosk's clock or key.
import crypto from 'node:crypto';
import { canonicalRequest, MAX_CLOCK_SKEW_SECONDS, SIGNATURE_HEADERS } from '../../src-common/wire/wire';
import type { KioskRow, KioskStore } from './store/kioskStore';

/** Why a signed request was refused (the `error` field of the 401 answer). */
export type AuthFailure = 'unsigned' | 'unknownKiosk' | 'clockSkew' | 'badSignature' | 'replay';

export interface SignedRequestParts {
  readonly method: string;
  /** Path with query, exactly as sent. */
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** Hex SHA-256 of the empty body: what a request without a body declares. */
export const EMPTY_BODY_SHA256 = sha256Hex('');

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function header(parts: SignedRequestParts, name: string): string | undefined {
  const v = parts.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sha256Hex(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** True when the request announces a body (a length above zero, or chunked transfer). */
export function hasBody(parts: SignedRequestParts): boolean {
  const length = Number(header(parts, 'content-length') ?? 0);
  return length > 0 || header(parts, 'transfer-encoding') !== undefined;
}

/**
 * The body hash the request declares: the header when present, the empty body's hash for a
 * request without a body, undefined (refused as unsigned) for a body with no declared hash.
 */
export function declaredBodyHash(parts: SignedRequestParts): string | undefined {
  const declared = header(parts, SIGNATURE_HEADERS.contentSha256)?.toLowerCase();
  if (declared !== undefined) return HEX_SHA256.test(declared) ? declared : undefined;
  return hasBody(parts) ? undefined : EMPTY_BODY_SHA256;
}

/** Parsed public keys by their SPKI text: parsing one costs about as much as a verify. */
const parsedKeys = new Map<string, crypto.KeyObject>();
const MAX_PARSED_KEYS = 100_000;

function publicKeyOf(spkiBase64: string): crypto.KeyObject {
  let key = parsedKeys.get(spkiBase64);
  if (!key) {
    key = crypto.createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (parsedKeys.size >= MAX_PARSED_KEYS) parsedKeys.delete(parsedKeys.keys().next().value!);
    parsedKeys.set(spkiBase64, key);
  }
  return key;
}

export function verifySignature(publicKeySpkiBase64: string, parts: SignedRequestParts, bodySha256Hex: string): boolean {
  const timestamp = header(parts, SIGNATURE_HEADERS.timestamp);
  const nonce = header(parts, SIGNATURE_HEADERS.nonce);
  const signature = header(parts, SIGNATURE_HEADERS.signature);
  if (!timestamp || !nonce || !signature) return false;
  try {
    const key = publicKeyOf(publicKeySpkiBase64);
    const text = canonicalRequest({ method: parts.method, path: parts.url, bodySha256Hex, timestamp, nonce });
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

/** An authenticated kiosk and the body hash its signature covers (the body must match it). */
export interface KioskAuthentication {
  readonly kiosk: KioskRow;
  readonly bodySha256Hex: string;
  /** Spent by `spendNonce` once the body matched. */
  readonly nonce: string;
}

export async function authenticateKiosk(kiosks: KioskStore, parts: SignedRequestParts, nowMs: number): Promise<KioskAuthentication | { failure: AuthFailure; message: string }> {
  const kioskId = header(parts, SIGNATURE_HEADERS.kioskId);
  const nonce = header(parts, SIGNATURE_HEADERS.nonce);
  if (!kioskId || !nonce || !header(parts, SIGNATURE_HEADERS.signature) || !header(parts, SIGNATURE_HEADERS.timestamp)) {
    return { failure: 'unsigned', message: 'the request carries no complete kiosk signature' };
  }
  const bodySha256Hex = declaredBodyHash(parts);
  if (!bodySha256Hex) return { failure: 'unsigned', message: `a request with a body must declare its hex SHA-256 in ${SIGNATURE_HEADERS.contentSha256}` };
  if (!checkClock(parts, nowMs)) {
    return { failure: 'clockSkew', message: `request time ${header(parts, SIGNATURE_HEADERS.timestamp)} is more than ${MAX_CLOCK_SKEW_SECONDS} s from the platform's clock; the kiosk adjusts from serverTime` };
  }
  const kiosk = await kiosks.byId(kioskId);
  if (!kiosk) return { failure: 'unknownKiosk', message: `kiosk ${kioskId.slice(0, 60)} is not provisioned here` };
  if (!verifySignature(kiosk.publicKey, parts, bodySha256Hex)) return { failure: 'badSignature', message: 'the signature does not match this kiosk key and request' };
  return { kiosk, bodySha256Hex, nonce };
}

/**
 * Spends the request's nonce, once its body has matched the signed hash (so a request altered
 * in transit does not use up the nonce of the genuine one). Nonces are kept for twice the skew
 * window: a replay older than that fails the clock check instead.
 */
export async function spendNonce(kiosks: KioskStore, kioskId: string, nonce: string, nowMs: number): Promise<{ failure: 'replay'; message: string } | undefined> {
  if (await kiosks.rememberNonce(kioskId, nonce, nonceExpiry(nowMs))) return undefined;
  return { failure: 'replay', message: REPLAY_MESSAGE };
}

/** Until when a nonce spent at `nowMs` is kept (twice the skew window: older replays fail the clock check). */
export function nonceExpiry(nowMs: number): Date {
  return new Date(nowMs + 2 * MAX_CLOCK_SKEW_SECONDS * 1000);
}

export const REPLAY_MESSAGE = 'this nonce was already used: the request is a replay';

export type { SignedNonce } from './store/signedNonce';
