// Loads the kiosk configuration: schema defaults ← profile file ← active signed config bundle
// (docs/fleet.md) ← local overrides (tests, `--config`). The result is validated as a whole; a
// config that fails is refused with every problem named; the kiosk never guesses.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskConfig, type KioskConfigInput } from '../../../kiosk-config/schema';
import { err, ok, type Result } from '../../../src-common/result';

export const CONFIG_DIR = findConfigDir();

function findConfigDir(): string {
  // Works from source (src-main/core/config) and from the bundle (dist/), by walking up to package.json.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'kiosk-config'))) {
      return path.join(dir, 'kiosk-config');
    }
    dir = path.dirname(dir);
  }
  return path.resolve('kiosk-config');
}

export function listProfiles(): string[] {
  const dir = path.join(CONFIG_DIR, 'profiles');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
}

export interface LoadConfigOptions {
  /** Profile name (kiosk-config/profiles/NAME.json) or a path to a JSON file. */
  readonly profile?: string;
  /** The active signed config bundle's payload, merged over the profile. */
  readonly signedOverrides?: Readonly<Record<string, unknown>>;
  /** Applied last; for tests and for `--config` overrides. */
  readonly overrides?: Partial<KioskConfigInput>;
}

/** The profile file's JSON object (the layer under signed config); none = `{}`. */
export function readProfileLayer(profile: string | undefined): Result<Record<string, unknown>, string> {
  if (!profile) return ok({});
  const file = profile.endsWith('.json') ? path.resolve(profile) : path.join(CONFIG_DIR, 'profiles', `${profile}.json`);
  if (!fs.existsSync(file)) {
    return err(`unknown profile "${profile}" (no ${file}); known: ${listProfiles().join(', ')}`);
  }
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return isPlainObject(raw) ? ok(raw) : err(`profile ${file} is not a JSON object`);
  } catch (e) {
    return err(`profile ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export function loadConfig(options: LoadConfigOptions = {}): Result<KioskConfig, string> {
  const fromProfile = readProfileLayer(options.profile);
  if (!fromProfile.ok) return fromProfile;
  return composeConfig(fromProfile.value, options.signedOverrides, options.overrides);
}

/** Profile ⊕ signed overrides ⊕ local overrides, validated as a whole. */
export function composeConfig(profileLayer: Readonly<Record<string, unknown>>, signedOverrides?: Readonly<Record<string, unknown>>, localOverrides?: Partial<KioskConfigInput>): Result<KioskConfig, string> {
  const withSigned = signedOverrides ? deepMerge(profileLayer, signedOverrides) : { ...profileLayer };
  return parseConfig(deepMerge(withSigned, (localOverrides ?? {}) as Record<string, unknown>));
}

export function parseConfig(raw: unknown): Result<KioskConfig, string> {
  const parsed = KioskConfig.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return err(`invalid kiosk config: ${problems.join('; ')}`);
  }
  return ok(parsed.data);
}

/** Objects merge key by key; arrays and scalars from `over` replace those of `base`. */
export function deepMerge(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
