// Read-only views of a kiosk's fleet state for the CLI (`budayang config verify|status`), safe
// beside a running core: the state file is replaced atomically, the database is opened read-only.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BundleResultPayload } from '../../../src-common/wire/fleetEvents';
import { err, ok, type Result } from '../../../src-common/result';
import { composeConfig, readProfileLayer } from '../config/loadConfig';
import type { PlatformRegistration } from '../identity/KioskIdentity';
import { DATABASE_FILE_NAME } from '../storage/openKioskDatabase';
import { payloadChecker } from './bundlePayloads';
import type { FleetState, Trial } from './fleetState';
import { readFleetState } from './FleetStore';
import { pinKeys, revokeLocally, type KeyringEntry } from './keyring';
import { verifyBundle, type BundleRefusal, type VerifiedBundle } from './verifyBundle';

/** The platform registration, read without taking the data directory's lock. */
export function readRegistration(dataDir: string): PlatformRegistration | undefined {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'platform_registration'").get()
      ? (db.prepare('SELECT platform_url, kiosk_id, admin_public_key, registered_at FROM platform_registration WHERE id = 1').get() as { platform_url: string; kiosk_id: string; admin_public_key: string; registered_at: string } | undefined)
      : undefined;
    return row ? { platformUrl: row.platform_url, kioskId: row.kiosk_id, adminPublicKey: row.admin_public_key, registeredAt: row.registered_at } : undefined;
  } finally {
    db.close();
  }
}

/**
 * The keyring the kiosk on `dataDir` would use: its stored keyring, plus what it pins at its next
 * start (the registration's key, the profile's keys and revocations) and any extra keys given.
 */
function effectiveKeyring(dataDir: string, state: FleetState, profileFleet: { adminKeys: readonly { publicKey: string }[]; revokedKeyIds: readonly string[] } | undefined, extraKeys: readonly string[]): KeyringEntry[] {
  const at = new Date().toISOString();
  const registration = readRegistration(dataDir);
  const pinned = pinKeys(
    state.keyring,
    [
      ...(registration ? [{ publicKey: registration.adminPublicKey, source: 'provisioning' as const }] : []),
      ...(profileFleet?.adminKeys ?? []).map((k) => ({ publicKey: k.publicKey, source: 'profile' as const })),
      ...extraKeys.map((publicKey) => ({ publicKey, source: 'profile' as const })),
    ],
    at,
  ).keyring;
  const revoked = revokeLocally(pinned, profileFleet?.revokedKeyIds ?? [], at);
  return revoked.ok ? revoked.value : pinned;
}

/** Checks a bundle exactly as the kiosk on `dataDir` (with `profile`) would, without staging it. */
export function verifyBundleFor(dataDir: string, profile: string, raw: unknown, extraPublicKeys: readonly string[] = []): Result<VerifiedBundle, BundleRefusal | string> {
  const state = readFleetState(dataDir);
  if (!state.ok) return err(state.error);
  const profileLayer = readProfileLayer(profile);
  if (!profileLayer.ok) return err(profileLayer.error);
  const profileConfig = composeConfig(profileLayer.value);
  const keyring = effectiveKeyring(dataDir, state.value, profileConfig.ok ? profileConfig.value.fleet : undefined, extraPublicKeys);
  const verified = verifyBundle(raw, { keyring, kinds: state.value, checkPayload: payloadChecker({ profileLayer: profileLayer.value }), at: new Date().toISOString() });
  return verified.ok ? ok(verified.value) : err(verified.error);
}

/** `budayang config status --json`. */
export interface FleetStatusView {
  readonly configVersion: number | null;
  readonly catalogVersion: number | null;
  readonly staged: { readonly config: number | null; readonly catalog: number | null };
  readonly lastKnownGood: { readonly config: number | null; readonly catalog: number | null };
  readonly lastResult: BundleResultPayload | null;
  readonly trial: Trial | null;
  readonly maintenance: FleetState['maintenance'];
  readonly keys: ReadonlyArray<{ readonly keyId: string; readonly source: string; readonly revoked: boolean }>;
}

export function fleetStatus(dataDir: string): Result<FleetStatusView, string> {
  const state = readFleetState(dataDir);
  if (!state.ok) return state;
  const s = state.value;
  return ok({
    configVersion: s.config.active,
    catalogVersion: s.catalog.active,
    staged: { config: s.config.staged, catalog: s.catalog.staged },
    lastKnownGood: { config: s.config.lastKnownGood, catalog: s.catalog.lastKnownGood },
    lastResult: s.results[s.results.length - 1] ?? null,
    trial: s.trial,
    maintenance: s.maintenance,
    keys: s.keyring.map((k) => ({ keyId: k.keyId, source: k.source, revoked: k.revokedAt !== undefined })),
  });
}
