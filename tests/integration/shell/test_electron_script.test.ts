// `npm run test:electron` where the Electron binary is missing: a clear message and exit 1 at
// once, never a hang. ELECTRON_OVERRIDE_DIST_PATH at an empty folder makes the binary missing on
// hosts that do have one too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');

describe('npm run test:electron without the binary', () => {
  it('says what is missing and how to get it, and exits 1', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-no-electron-'));
    try {
      const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'test-electron.mjs')], { encoding: 'utf8', env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty }, timeout: 60_000 });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^npm run test:electron: the Electron binary is not installed: /);
      expect(run.stderr).toContain('node node_modules/electron/install.js');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
