// The kiosk's keyring of admin keys (docs/fleet.md, docs/adr/0008-fleet-keyring.md): pinned at
// provisioning (the platform's key, the site profile's `fleet.adminKeys`), extended by keys a
// trusted key announces in a config bundle, and shrunk only by revocation, which is permanent.
// Pure: the persisted list in, a new list out.
import { z } from 'zod';
import type { AdminKeyPin, BundleKind } from '../../../src-common/wire/bundle';
import { err, ok, type Result } from '../../../src-common/result';
import { keyIdOf } from './fleetKeys';

/** Where a key came from. */
export const KeySource = z.enum([
  'provisioning', // the platform's admin key, received when the kiosk registered
  'profile', // pinned by the site's profile file (`fleet.adminKeys`), e.g. a security officer's offline key
  'bundle', // announced in a config bundle signed by a key already trusted
]);

const BundleRef = z.object({ kind: z.enum(['config', 'catalog']), version: z.number().int().positive(), keyId: z.string() });

export const KeyringEntry = z.object({
  keyId: z.string(),
  /** SPKI DER, base64. */
  publicKey: z.string(),
  source: KeySource,
  addedAt: z.string(),
  /** The bundle that announced it (source `bundle`). */
  addedBy: BundleRef.optional(),
  note: z.string().optional(),
  /** Set once, never cleared: a revoked key signs nothing this kiosk accepts again. */
  revokedAt: z.string().optional(),
  revokedBy: BundleRef.optional(),
});
export type KeyringEntry = z.infer<typeof KeyringEntry>;
export type Keyring = readonly KeyringEntry[];

/** What the keyring says about a key id. */
export type KeyLookup =
  // pinned and not revoked: its signatures are accepted
  | { readonly status: 'trusted'; readonly entry: KeyringEntry }
  // pinned once, revoked since: refused
  | { readonly status: 'revoked'; readonly entry: KeyringEntry }
  // never pinned here
  | { readonly status: 'unknown' };

export function lookupKey(keyring: Keyring, keyId: string): KeyLookup {
  const entry = keyring.find((k) => k.keyId === keyId);
  if (!entry) return { status: 'unknown' };
  return entry.revokedAt ? { status: 'revoked', entry } : { status: 'trusted', entry };
}

export function trustedKeys(keyring: Keyring): KeyringEntry[] {
  return keyring.filter((k) => !k.revokedAt);
}

/**
 * Pins keys given at provisioning (the registration's key, the profile's list). A key already
 * present is left as it is, so a revoked key stays revoked even if the profile still lists it.
 */
export function pinKeys(keyring: Keyring, pins: readonly { readonly publicKey: string; readonly source: 'provisioning' | 'profile'; readonly note?: string }[], at: string): { keyring: KeyringEntry[]; problems: string[] } {
  const next = [...keyring];
  const problems: string[] = [];
  for (const pin of pins) {
    const keyId = keyIdOf(pin.publicKey);
    if (!keyId.ok) {
      problems.push(`${pin.source} key refused: ${keyId.error}`);
      continue;
    }
    if (next.some((k) => k.keyId === keyId.value)) continue;
    next.push({ keyId: keyId.value, publicKey: pin.publicKey, source: pin.source, addedAt: at, ...(pin.note ? { note: pin.note } : {}) });
  }
  return { keyring: next, problems };
}

/** Key changes a config bundle announces (its payload's `fleet.adminKeys` and `fleet.revokedKeyIds`). */
export interface KeyAnnouncement {
  readonly adminKeys: readonly AdminKeyPin[];
  readonly revokedKeyIds: readonly string[];
}

export type AnnouncementRefusal = { readonly code: 'invalidPayload' | 'keyringWouldBeEmpty'; readonly detail: string };

/**
 * Applies a verified bundle's announcements: listed keys not yet pinned are added (a revoked one is
 * not revived), listed revocations are made. Refused if no trusted key would remain.
 */
export function applyAnnouncement(keyring: Keyring, announcement: KeyAnnouncement, by: { readonly kind: BundleKind; readonly version: number; readonly keyId: string }, at: string): Result<KeyringEntry[], AnnouncementRefusal> {
  const next = keyring.map((k) => ({ ...k }));
  for (const pin of announcement.adminKeys) {
    const keyId = keyIdOf(pin.publicKey);
    if (!keyId.ok) return err({ code: 'invalidPayload', detail: `fleet.adminKeys: ${keyId.error}` });
    if (next.some((k) => k.keyId === keyId.value)) continue;
    next.push({ keyId: keyId.value, publicKey: pin.publicKey, source: 'bundle', addedAt: at, addedBy: by, ...(pin.note ? { note: pin.note } : {}) });
  }
  for (const revoked of announcement.revokedKeyIds) {
    const entry = next.find((k) => k.keyId === revoked);
    // Revoking a key this kiosk never pinned is recorded too, so it can never be added later.
    if (!entry) next.push({ keyId: revoked, publicKey: '', source: 'bundle', addedAt: at, addedBy: by, revokedAt: at, revokedBy: by });
    else if (!entry.revokedAt) Object.assign(entry, { revokedAt: at, revokedBy: by });
  }
  if (trustedKeys(next).length === 0) return err({ code: 'keyringWouldBeEmpty', detail: `bundle ${by.kind} v${by.version} would revoke every trusted admin key` });
  return ok(next);
}

/**
 * Revocations the site's profile lists (`fleet.revokedKeyIds`): applied at start like pins, and
 * just as permanent. Refused (keyring unchanged) if no trusted key would remain.
 */
export function revokeLocally(keyring: Keyring, keyIds: readonly string[], at: string): Result<KeyringEntry[], AnnouncementRefusal> {
  const next = keyring.map((k) => ({ ...k }));
  for (const keyId of keyIds) {
    const entry = next.find((k) => k.keyId === keyId);
    if (!entry) next.push({ keyId, publicKey: '', source: 'profile', addedAt: at, revokedAt: at });
    else if (!entry.revokedAt) entry.revokedAt = at;
  }
  if (keyring.length > 0 && trustedKeys(next).length === 0) return err({ code: 'keyringWouldBeEmpty', detail: 'the profile revokes every trusted admin key' });
  return ok(next);
}
