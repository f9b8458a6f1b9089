// What the kiosk's schemas say about a bundle payload before it is staged (docs/fleet.md): a config
// payload must merge over this kiosk's profile into a valid config and leave local-only settings
// alone; a catalog payload must be a valid catalog. Also the key announcements a config carries.
import { FleetSettings, type KioskConfigInput } from '../../../kiosk-config/schema';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import type { BundleKind } from '../../../src-common/wire/bundle';
import { err, ok } from '../../../src-common/result';
import { composeConfig, isPlainObject } from '../config/loadConfig';
import type { PayloadCheck } from './verifyBundle';

/**
 * Settings only the site's own profile may set: they are the kiosk's identity and trust roots
 * (case numbers carry the code; level and region choose the catalog offer; production mode refuses
 * simulators), or they belong to another channel (the catalog comes as catalog bundles).
 */
export const LOCAL_ONLY_SETTINGS: readonly (readonly string[])[] = [['mode'], ['kiosk', 'code'], ['kiosk', 'level'], ['kiosk', 'regionCode'], ['catalogPath'], ['sync', 'embeddedPlatformPort']];

function hasPath(value: Record<string, unknown>, keys: readonly string[]): boolean {
  let cursor: unknown = value;
  for (const key of keys) {
    if (!isPlainObject(cursor) || !(key in cursor)) return false;
    cursor = cursor[key];
  }
  return true;
}

export interface PayloadCheckerOptions {
  /** The profile file's JSON (the layer a config payload merges over). */
  readonly profileLayer: Readonly<Record<string, unknown>>;
  /** Local overrides applied over everything (tests). */
  readonly localOverrides?: Partial<KioskConfigInput>;
}

export function checkConfigPayload(payload: unknown, options: PayloadCheckerOptions): PayloadCheck {
  if (!isPlainObject(payload)) return err({ code: 'invalidPayload', detail: 'a config payload must be a JSON object of config overrides' });
  const local = LOCAL_ONLY_SETTINGS.filter((keys) => hasPath(payload, keys)).map((keys) => keys.join('.'));
  if (local.length > 0) return err({ code: 'localOnlySetting', detail: `only the site profile may set ${local.join(', ')}` });
  const composed = composeConfig(options.profileLayer, payload, options.localOverrides);
  if (!composed.ok) return err({ code: 'invalidPayload', detail: composed.error });
  // Announcements come from the payload itself: keys the profile pins are pinned at provisioning.
  // (Both lists validated as part of the composed config just above.)
  const fleet = isPlainObject(payload.fleet) ? payload.fleet : {};
  const adminKeys = FleetSettings.shape.adminKeys.parse(fleet.adminKeys ?? []);
  const revokedKeyIds = FleetSettings.shape.revokedKeyIds.parse(fleet.revokedKeyIds ?? []);
  return ok(adminKeys.length + revokedKeyIds.length > 0 ? { announcement: { adminKeys, revokedKeyIds } } : {});
}

export function checkCatalogPayload(payload: unknown): PayloadCheck {
  const parsed = parseCatalog(payload);
  if (!parsed.ok) return err({ code: 'invalidPayload', detail: `invalid catalog (${parsed.error.length} problem(s)): ${parsed.error.slice(0, 5).join('; ')}` });
  return ok({});
}

/** The checker a kiosk uses for both kinds. */
export function payloadChecker(options: PayloadCheckerOptions): (kind: BundleKind, payload: unknown) => PayloadCheck {
  return (kind, payload) => (kind === 'config' ? checkConfigPayload(payload, options) : checkCatalogPayload(payload));
}
