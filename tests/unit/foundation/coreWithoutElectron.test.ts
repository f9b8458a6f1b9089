// The core must load and serve with `electron` unresolvable (design.md §2): it runs as a plain
// Node process in the browser shell and on machines where Electron cannot be installed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const hook = path.join(root, 'tests', 'support', 'blockElectron.mjs');

async function runWithElectronBlocked(script: string) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-noelectron-')), 'probe.mts');
  fs.writeFileSync(file, script);
  return run(process.execPath, ['--import', 'tsx', '--import', hook, file], { cwd: root, timeout: 60_000 });
}

describe('core without electron', () => {
  it('the hook really makes electron unresolvable', async () => {
    const { stdout } = await runWithElectronBlocked(`
      try { await import('electron'); console.log('LOADED'); } catch (e) { console.log('REFUSED', e.message); }
    `);
    expect(stdout).toContain('REFUSED electron is unresolvable');
  });

  it('createKioskCore starts, answers Kiosk.Status and stops', async () => {
    const { stdout } = await runWithElectronBlocked(`
      import { createKioskCore } from ${JSON.stringify(path.join(root, 'src-main/core/createKioskCore.ts'))};
      const dataDir = ${JSON.stringify(fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-core-')))};
      const core = await createKioskCore({ dataDir, profile: 'test', logger: { logDir: false } });
      const status = core.status();
      console.log('STATUS', status.kioskCode, status.configId, typeof status.uptimeSeconds);
      await core.stop();
      console.log('STOPPED');
      process.exit(0);
    `);
    expect(stdout).toContain('STATUS TEST01 test-1 number');
    expect(stdout).toContain('STOPPED');
  });
});
