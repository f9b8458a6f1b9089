// Detached Ed25519 signatures of release files (docs/shell-and-server.md, "Updates"; ADR 0016):
// electron-builder's update manifests (`latest.yml`, `latest-linux.yml`…) and the browser-shell
// tarball each get a `<file>.sig` beside them, signed by a key of the fleet keyring, and a kiosk
// checks it before it downloads or installs anything. electron-updater's own sha512 then ties the
// installer to the signed manifest.
import crypto from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-common/result';
import type { AdminSigningKey } from '../fleet/fleetKeys';
import { type Keyring, lookupKey } from '../fleet/keyring';
import { verifyEd25519 } from '../identity/KioskIdentity';

/** The first line of every signed release input: a release signature never means a bundle or a command. */
export const RELEASE_SIGNATURE_CONTEXT = 'BUDAYANG-RELEASE-1';

/** A `<file>.sig`: JSON beside the file it signs. */
export const DetachedReleaseSignature = z
  .object({
    format: z.literal('budayang-release-signature-1'),
    /** The signed file's name (no folder): a linux manifest cannot be served as the Windows one. */
    file: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
    /** SHA-256 of the file's bytes, lowercase hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
    /** Ed25519 over `releaseSigningInput`, base64. */
    signature: z.string().min(80).max(100),
  })
  .strict();
export type DetachedReleaseSignature = z.infer<typeof DetachedReleaseSignature>;

export function releaseSigningInput(file: string, sha256: string): string {
  return [RELEASE_SIGNATURE_CONTEXT, file, sha256].join('\n');
}

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Signs one release file (the `budayang admin sign-release` command and `npm run release`). */
export function signReleaseFile(file: string, bytes: Uint8Array, key: AdminSigningKey): DetachedReleaseSignature {
  const sha256 = sha256Hex(bytes);
  return { format: 'budayang-release-signature-1', file, sha256, keyId: key.keyId, signature: key.sign(releaseSigningInput(file, sha256)) };
}

/** Why a release file is refused; nothing is downloaded or installed. */
export type ReleaseRefusalCode =
  | 'malformedSignature' // the .sig is missing, not JSON or not a release signature
  | 'wrongFile' // the signature is for another file name
  | 'digestMismatch' // the file's bytes are not the ones signed (tampered or truncated)
  | 'unknownKey' // signed by a key this kiosk does not pin
  | 'revokedKey' // signed by a key revoked since
  | 'badSignature'; // the signature does not verify with the named key

export interface ReleaseRefusal {
  readonly code: ReleaseRefusalCode;
  readonly detail: string;
}

/** Checks `bytes` (named `file`) against its detached signature text with the kiosk's keyring. */
export function verifyReleaseFile(file: string, bytes: Uint8Array, signatureText: string | undefined, keyring: Keyring): Result<{ readonly keyId: string }, ReleaseRefusal> {
  if (signatureText === undefined) return err({ code: 'malformedSignature', detail: `${file}.sig is missing` });
  let raw: unknown;
  try {
    raw = JSON.parse(signatureText);
  } catch {
    return err({ code: 'malformedSignature', detail: `${file}.sig is not JSON` });
  }
  const parsed = DetachedReleaseSignature.safeParse(raw);
  if (!parsed.success) return err({ code: 'malformedSignature', detail: `${file}.sig: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` });
  const sig = parsed.data;
  if (sig.file !== file) return err({ code: 'wrongFile', detail: `the signature is for ${sig.file}, not ${file}` });
  const actual = sha256Hex(bytes);
  if (actual !== sig.sha256) return err({ code: 'digestMismatch', detail: `${file} has SHA-256 ${actual.slice(0, 16)}…, the signature names ${sig.sha256.slice(0, 16)}…` });
  const key = lookupKey(keyring, sig.keyId);
  switch (key.status) {
    case 'unknown':
      return err({ code: 'unknownKey', detail: `key ${sig.keyId} is not in this kiosk's keyring` });
    case 'revoked':
      return err({ code: 'revokedKey', detail: `key ${sig.keyId} was revoked at ${key.entry.revokedAt}` });
    case 'trusted':
      return verifyEd25519(key.entry.publicKey, releaseSigningInput(file, sig.sha256), sig.signature) ? ok({ keyId: sig.keyId }) : err({ code: 'badSignature', detail: `the signature of ${file} does not verify with key ${sig.keyId}` });
    default: {
      const never: never = key;
      return never;
    }
  }
}
