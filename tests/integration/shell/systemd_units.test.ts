// The watchdog unit as systemd reads it: `systemd-analyze verify` (Debian's systemd package) with
// ExecStart pointed at a real executable (the Electron binary is not installed here). Any line it
// prints is a problem (unknown keys are only warnings, so the exit code alone would pass them).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const unitFile = path.join(root, 'build', 'linux', 'systemd', 'budayang-kiosk.service');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function verify(unitText: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-units-'));
  dirs.push(dir);
  const app = path.join(dir, 'budayang');
  fs.writeFileSync(app, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const file = path.join(dir, 'budayang-kiosk.service');
  fs.writeFileSync(file, unitText.replace('ExecStart=/opt/Budayang/budayang', `ExecStart=${app}`));
  const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
  if (run.error) throw new Error(`systemd-analyze is needed for this test (apt-get install systemd): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe('the watchdog unit', () => {
  it('verifies cleanly and restarts always, without a start limit', () => {
    expect(execFileSync('systemd-analyze', ['--version'], { encoding: 'utf8' })).toMatch(/systemd/);
    const text = fs.readFileSync(unitFile, 'utf8');
    expect(verify(text)).toEqual({ status: 0, output: '' });
    expect(text).toMatch(/^Restart=always$/m);
    expect(text).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(text).toMatch(/^WantedBy=graphical-session.target$/m);
  });

  it('the browser shell\'s unit runs the versioned install\'s launcher, verifies cleanly and restarts always', () => {
    const text = fs.readFileSync(path.join(root, 'build', 'linux', 'systemd', 'budayang-browser-shell.service'), 'utf8');
    expect(text).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/budayang\/current\/bin\/budayang\.mjs launch --install-root \/opt\/budayang$/m);
    expect(verify(text.replace('ExecStart=/usr/bin/node ', 'ExecStart=/opt/Budayang/budayang '))).toEqual({ status: 0, output: '' });
    expect(text).toMatch(/^Restart=always$/m);
    expect(text).toMatch(/^StartLimitIntervalSec=0$/m);
  });

  it('would report a mistyped key (the check is not blind)', () => {
    const broken = fs.readFileSync(unitFile, 'utf8').replace('Restart=always', 'Restrat=always');
    expect(verify(broken).output).toMatch(/Unknown key 'Restrat'/);
  });
});
