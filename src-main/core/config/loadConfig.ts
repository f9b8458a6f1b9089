// Loads the kiosk configuration: schema defaults ← profile file ← local override file.
// A config that fails validation is refused with every problem named; the kiosk never guesses.
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
  /** Applied last; for tests and for `--config` overrides. */
  readonly overrides?: Partial<KioskConfigInput>;
}

export function loadConfig(options: LoadConfigOptions = {}): Result<KioskConfig, string> {
  let fromProfile: Record<string, unknown> = {};
  if (options.profile) {
    const file = options.profile.endsWith('.json') ? path.resolve(options.profile) : path.join(CONFIG_DIR, 'profiles', `${options.profile}.json`);
    if (!fs.existsSync(file)) {
      return err(`unknown profile "${options.profile}" (no ${file}); known: ${listProfiles().join(', ')}`);
    }
    try {
      fromProfile = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      return err(`profile ${file} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return parseConfig(deepMerge(fromProfile, (options.overrides ?? {}) as Record<string, unknown>));
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
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
