// Signed fleet bundles (docs/fleet.md): a config or catalog change an admin publishes, signed with
// an Ed25519 admin key the kiosk pins. Pure: the envelope schema and the exact bytes a signature
// covers; signing and verifying with node:crypto live in src-main/core/fleet/fleetKeys.ts.
import { z } from 'zod';

export const BundleKind = z.enum([
  'config', // kiosk config overrides, merged over the profile file and re-validated as a whole
  'catalog', // a whole service catalog document, served through CatalogProvider.replace
]);
export type BundleKind = z.infer<typeof BundleKind>;

/**
 * An admin key's id: the first 16 hex digits of SHA-256 over the key's SPKI DER. Derived from the
 * key, so an id can never name a different key than the one it came from.
 */
export const KeyId = z.string().regex(/^[0-9a-f]{16}$/, 'keyId must be 16 lower-case hex digits');
export type KeyId = z.infer<typeof KeyId>;

// A single character class (no repeated group): V8's regex engine recurses per group repetition,
// which overflows the stack on a multi-megabyte catalog payload.
const Base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be standard base64')
  .refine((s) => s.length % 4 === 0, 'must be standard base64 (length a multiple of 4)');

/** Largest payload a kiosk accepts (base64 characters): a 5,000-item catalog with forms is about 13 MB. */
export const MAX_BUNDLE_PAYLOAD_CHARS = 48 * 1024 * 1024;

export const Bundle = z
  .object({
    kind: BundleKind,
    /** Goes up by at least one per kind with every publication; a kiosk never accepts a lower or equal one. */
    version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    /** Base64 of the payload's RFC 8785 canonical JSON (UTF-8). */
    payload: Base64.min(4).max(MAX_BUNDLE_PAYLOAD_CHARS),
    /** Ed25519 signature (64 bytes, base64) over `bundleSigningInput(kind, version, payload)`. */
    signature: Base64.length(88),
    /** Which pinned admin key signed it. */
    keyId: KeyId,
  })
  .strict();
export type Bundle = z.infer<typeof Bundle>;

/** Domain separation: a bundle signature can never be taken for a request or command signature. */
export const BUNDLE_SIGNATURE_CONTEXT = 'BUDAYANG-BUNDLE-1';

/** The exact text an admin key signs for a bundle. Kind and version are bound, so neither can be swapped. */
export function bundleSigningInput(kind: BundleKind, version: number, payloadBase64: string): string {
  return [BUNDLE_SIGNATURE_CONTEXT, kind, String(version), payloadBase64].join('\n');
}

/** Key announcements a config bundle may carry (`fleet.adminKeys`, `fleet.revokedKeyIds`). */
export const AdminKeyPin = z
  .object({
    /** Ed25519 public key, SPKI DER, base64. */
    publicKey: Base64.min(40).max(200),
    /** Who holds it, for people reading the config (e.g. "security officer, offline"). */
    note: z.string().max(200).optional(),
  })
  .strict();
export type AdminKeyPin = z.infer<typeof AdminKeyPin>;
