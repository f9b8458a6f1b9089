// The boot step of the fleet (docs/fleet.md), run by createKioskCore before any module starts:
// counts the boot of an open trial (a boot crash loop rolls back here, without the platform),
// re-checks the active bundles on disk, and composes the effective config = profile ⊕ active
// signed config payload (⊕ local overrides), validated as a whole. The kiosk boots into exactly
// the versions the state file names: old or new, never a mix.
import fs from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import type { KioskConfig, KioskConfigInput } from '../../../kiosk-config/schema';
import { parseCatalog } from '../../../kiosk-config/catalog/schema';
import type { BundleKind } from '../../../src-common/wire/bundle';
import { err, ok, type Result } from '../../../src-common/result';
import { composeConfig, isPlainObject, readProfileLayer } from '../config/loadConfig';
import { acquireDataDirLock } from '../storage/dataDirLock';
import { APP_VERSION } from '../version';
import { writeFileAtomic } from './atomicFile';
import { abandonActive, countBoot, type FleetState, type Stamp } from './fleetState';
import { FLEET_DIR_NAME, FleetStore, readFleetState, type FleetWriteObserver } from './FleetStore';
import { checkStoredBundle } from './verifyBundle';

export interface BootConfigOptions {
  readonly dataDir: string;
  readonly profile: string;
  readonly overrides?: Partial<KioskConfigInput>;
  readonly now?: () => number;
  /** Fault tests only: sees each step of the state write. */
  readonly observer?: FleetWriteObserver;
}

export interface BootConfig {
  readonly config: KioskConfig;
  readonly configVersion: number | null;
  readonly catalogVersion: number | null;
  /** What the boot step did, for the log once it exists (crash-loop rollback, abandoned bundles…). */
  readonly notes: readonly string[];
}

/** The catalog payload as a plain file the catalog module reads (`catalogPath`). */
export function catalogPayloadPath(dataDir: string, version: number): string {
  return path.join(dataDir, FLEET_DIR_NAME, 'bundles', `catalog-${String(version).padStart(8, '0')}.payload.json`);
}

export function resolveBootConfig(options: BootConfigOptions): Result<BootConfig, string> {
  const profileLayer = readProfileLayer(options.profile);
  if (!profileLayer.ok) return profileLayer;
  const now = options.now ?? Date.now;
  const stamp = (): Stamp => ({ resultId: ulid(), at: new Date(now()).toISOString() });
  const notes: string[] = [];

  if (!fs.existsSync(path.join(options.dataDir, FLEET_DIR_NAME))) {
    const config = composeConfig(profileLayer.value, undefined, options.overrides);
    return config.ok ? ok({ config: config.value, configVersion: null, catalogVersion: null, notes }) : config;
  }

  // Writing needs the one-writer lock. If another live process holds it, this core will fail to
  // open the database anyway: read the state without counting a boot that never happens.
  const lock = acquireDataDirLock(options.dataDir);
  if (!lock.ok) {
    const state = readFleetState(options.dataDir);
    if (!state.ok) return err(state.error);
    return composeFromState(options, profileLayer.value, state.value, notes);
  }
  try {
    const { store, reset } = FleetStore.openOrReset(options.dataDir, options.observer);
    if (reset) notes.push(`fleet state unreadable (${reset.reason}); set aside as ${reset.movedTo}, starting from the profile`);
    let state = store.state;
    const counted = countBoot(state, stamp());
    state = counted.state;
    if (counted.rolledBack) notes.push(`boot crash loop: ${state.results[state.results.length - 1]?.detail ?? ''}`);
    state = checkActive(options, profileLayer.value, state, stamp, notes);
    if (state.bootedAppVersion !== APP_VERSION) state = { ...state, bootedAppVersion: APP_VERSION };
    if (state !== store.state) {
      try {
        store.commit(state);
      } catch (e) {
        // A full or failing disk must not keep the kiosk from starting: boot what was decided.
        notes.push(`the fleet state could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); booting what was decided without recording it`);
      }
    }
    return composeFromState(options, profileLayer.value, state, notes);
  } finally {
    lock.value.release();
  }
}

/** Falls back, one step at a time, until every active version's file is intact and valid. */
function checkActive(options: BootConfigOptions, profileLayer: Record<string, unknown>, initial: FleetState, stamp: () => Stamp, notes: string[]): FleetState {
  let state = initial;
  const appUpdated = state.bootedAppVersion !== APP_VERSION;
  for (const kind of ['config', 'catalog'] as const satisfies readonly BundleKind[]) {
    for (let guard = 0; guard < 10 && state[kind].active !== null; guard++) {
      const problem = activeProblem(options, profileLayer, state, kind, appUpdated);
      if (problem === undefined) break;
      notes.push(`${kind} v${state[kind].active}: ${problem}; falling back`);
      state = abandonActive(state, kind, problem, stamp());
    }
  }
  return state;
}

function activeProblem(options: BootConfigOptions, profileLayer: Record<string, unknown>, state: FleetState, kind: BundleKind, appUpdated: boolean): string | undefined {
  const version = state[kind].active!;
  const store = FleetStore.open(options.dataDir);
  if (!store.ok) return store.error;
  const bundle = store.value.readBundle(kind, version);
  if (!bundle.ok) return bundle.error;
  const payload = checkStoredBundle(bundle.value, kind, version, state.keyring);
  if (!payload.ok) return payload.error;
  if (kind === 'config') {
    if (!isPlainObject(payload.value)) return 'the config payload is not an object';
    const composed = composeConfig(profileLayer, payload.value, options.overrides);
    return composed.ok ? undefined : `no longer valid over the profile: ${composed.error}`;
  }
  // A catalog was validated when staged; after an app update its schema may have changed.
  if (appUpdated) {
    const parsed = parseCatalog(payload.value);
    if (!parsed.ok) return `no longer a valid catalog for app ${APP_VERSION}: ${parsed.error.slice(0, 3).join('; ')}`;
  }
  const file = catalogPayloadPath(options.dataDir, version);
  const text = JSON.stringify(payload.value);
  try {
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeFileAtomic(file, text);
  } catch (e) {
    return `its catalog file cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  return undefined;
}

function composeFromState(options: BootConfigOptions, profileLayer: Record<string, unknown>, state: FleetState, notes: string[]): Result<BootConfig, string> {
  let signed: Record<string, unknown> | undefined;
  const configVersion = state.config.active;
  if (configVersion !== null) {
    const store = FleetStore.open(options.dataDir);
    const bundle = store.ok ? store.value.readBundle('config', configVersion) : err(store.error);
    const payload = bundle.ok ? checkStoredBundle(bundle.value, 'config', configVersion, state.keyring) : bundle;
    if (!payload.ok || !isPlainObject(payload.value)) return err(`the active config v${configVersion} cannot be read: ${payload.ok ? 'not an object' : payload.error}`);
    signed = payload.value;
  }
  const catalogVersion = state.catalog.active;
  const overrides: Partial<KioskConfigInput> = { ...options.overrides, ...(catalogVersion !== null ? { catalogPath: catalogPayloadPath(options.dataDir, catalogVersion) } : {}) };
  const config = composeConfig(profileLayer, signed, overrides);
  return config.ok ? ok({ config: config.value, configVersion, catalogVersion, notes }) : config;
}
