// Kiosk profiles for tests that need one setting changed: a copy of a shipped profile with
// overrides, written to a temporary file that `budayang start --profile PATH` reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './kiosk';

export function profileWith(base: 'demo' | 'test-journey', overrides: { ui?: Record<string, unknown> }): string {
  const profile = JSON.parse(fs.readFileSync(path.join(ROOT, 'kiosk-config', 'profiles', `${base}.json`), 'utf8')) as { ui?: Record<string, unknown> };
  profile.ui = { ...profile.ui, ...overrides.ui };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-profile-')), `${base}-custom.json`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}
