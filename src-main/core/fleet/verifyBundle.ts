// Checks a bundle before anything is staged (docs/fleet.md): envelope, pinned key, revocation,
// signature, version order, canonical payload, the kiosk's schema, and the key announcements it
// carries. Pure apart from the signature check; the first failure is the refusal, with its code.
import { Bundle, type BundleKind } from '../../../src-common/wire/bundle';
import type { BundleRefusalCode } from '../../../src-common/wire/fleetEvents';
import { err, ok, type Result } from '../../../src-common/result';
import { parseCanonicalJson } from './canonicalJson';
import { bundleSignatureVerifies } from './fleetKeys';
import { applyAnnouncement, lookupKey, type KeyAnnouncement, type Keyring, type KeyringEntry } from './keyring';
import type { KindState } from './fleetState';

export interface BundleRefusal {
  readonly code: BundleRefusalCode;
  /** Readable when the envelope was. */
  readonly kind: BundleKind | null;
  readonly version: number | null;
  readonly detail: string;
}

/** What the kiosk's schema says about a payload; config payloads may also announce keys. */
export type PayloadCheck = Result<{ readonly announcement?: KeyAnnouncement }, { readonly code: 'invalidPayload' | 'localOnlySetting'; readonly detail: string }>;

export interface VerifyContext {
  readonly keyring: Keyring;
  readonly kinds: Readonly<Record<BundleKind, Pick<KindState, 'highestAccepted'>>>;
  readonly checkPayload: (kind: BundleKind, payload: unknown) => PayloadCheck;
  /** When the keyring changes are recorded (ISO). */
  readonly at: string;
}

export interface VerifiedBundle {
  readonly bundle: Bundle;
  readonly payload: unknown;
  /** The keyring after the bundle's announcements (unchanged for catalogs). */
  readonly keyring: KeyringEntry[];
}

/** Checks a raw bundle (parsed JSON of any shape) against this kiosk's keyring, versions and schema. */
export function verifyBundle(raw: unknown, context: VerifyContext): Result<VerifiedBundle, BundleRefusal> {
  const parsed = Bundle.safeParse(raw);
  if (!parsed.success) {
    const r = (raw ?? {}) as { kind?: unknown; version?: unknown };
    const kind = r.kind === 'config' || r.kind === 'catalog' ? r.kind : null;
    const version = typeof r.version === 'number' && Number.isSafeInteger(r.version) && r.version > 0 ? r.version : null;
    return err({ code: 'malformed', kind, version, detail: `not a bundle: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 300)}` });
  }
  const bundle = parsed.data;
  const refuse = (code: BundleRefusalCode, detail: string) => err({ code, kind: bundle.kind, version: bundle.version, detail: `${bundle.kind} v${bundle.version}: ${detail}` });

  const key = lookupKey(context.keyring, bundle.keyId);
  if (key.status === 'unknown') return refuse('unknownKey', `signed with key ${bundle.keyId}, which this kiosk does not pin`);
  if (key.status === 'revoked') return refuse('revokedKey', `signed with key ${bundle.keyId}, revoked at ${key.entry.revokedAt}`);
  if (!bundleSignatureVerifies(bundle, key.entry.publicKey)) return refuse('badSignature', `the signature does not verify with key ${bundle.keyId} (payload, kind or version altered, or signed by another key)`);

  const highest = context.kinds[bundle.kind].highestAccepted;
  if (bundle.version < highest) return refuse('downgrade', `v${highest} was already accepted; versions only go up`);
  if (bundle.version === highest) return refuse('replay', `v${highest} was already accepted; a bundle is applied once`);

  const text = Buffer.from(bundle.payload, 'base64').toString('utf8');
  const payload = parseCanonicalJson(text);
  if (!payload.ok) return payload.error.kind === 'notCanonical' ? refuse('notCanonical', payload.error.message) : refuse('malformed', `the payload is not JSON: ${payload.error.message}`);

  const checked = context.checkPayload(bundle.kind, payload.value);
  if (!checked.ok) return refuse(checked.error.code, checked.error.detail);

  let keyring: KeyringEntry[] = [...context.keyring];
  if (checked.value.announcement) {
    const announced = applyAnnouncement(context.keyring, checked.value.announcement, { kind: bundle.kind, version: bundle.version, keyId: bundle.keyId }, context.at);
    if (!announced.ok) return refuse(announced.error.code, announced.error.detail);
    keyring = announced.value;
  }
  return ok({ bundle, payload: payload.value, keyring });
}

/** The JSON value a bundle carries (base64 → UTF-8 → canonical JSON). */
export function decodePayload(bundle: Bundle): Result<unknown, string> {
  const parsed = parseCanonicalJson(Buffer.from(bundle.payload, 'base64').toString('utf8'));
  return parsed.ok ? parsed : err(parsed.error.message);
}

/**
 * Re-checks a stored bundle before it is used at boot: it is the file for `kind` v`version`, and
 * its signature still verifies with the key that signed it (revoked since or not: it was trusted
 * when accepted). Catches a file altered or swapped on disk.
 */
export function checkStoredBundle(bundle: Bundle, kind: BundleKind, version: number, keyring: Keyring): Result<unknown, string> {
  if (bundle.kind !== kind || bundle.version !== version) return err(`the file for ${kind} v${version} holds ${bundle.kind} v${bundle.version}`);
  const key = keyring.find((k) => k.keyId === bundle.keyId && k.publicKey !== '');
  if (!key) return err(`${kind} v${version} names key ${bundle.keyId}, which is not in the keyring`);
  if (!bundleSignatureVerifies(bundle, key.publicKey)) return err(`${kind} v${version} no longer verifies with key ${bundle.keyId}: the file was altered`);
  return decodePayload(bundle);
}
