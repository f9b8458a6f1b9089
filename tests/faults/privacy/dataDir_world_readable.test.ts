// The data directory used to be 0755 with 0644 files: the database, its WAL, the logs and the
// journals were readable by every local user. A real kiosk (browser shell, supervisor and core)
// now leaves every folder 0700 and every file 0600, and tightens what an older version left open.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { READY_LINE, startShell, stopAllKioskProcesses, tempDataDir } from '../../support/kioskProcess';

afterEach(stopAllKioskProcesses);

/** Every entry of the data directory that is not private, with its mode (Chromium's profile aside). */
function openEntries(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      if (dir === dataDir && name === 'chromium') continue;
      const entry = path.join(dir, name);
      const stats = fs.lstatSync(entry);
      const mode = stats.mode & 0o777;
      if (stats.isDirectory()) {
        if (mode !== 0o700) found.push(`${entry} ${mode.toString(8)}`);
        walk(entry);
      } else if (stats.isFile() && mode !== 0o600) {
        found.push(`${entry} ${mode.toString(8)}`);
      }
    }
  };
  const root = fs.statSync(dataDir).mode & 0o777;
  if (root !== 0o700) found.push(`${dataDir} ${root.toString(8)}`);
  walk(dataDir);
  return found;
}

describe('the data directory on disk', () => {
  it('is 0700 with 0600 files while the kiosk runs, including what an older version left 0755/0644', async () => {
    const dataDir = tempDataDir();
    fs.chmodSync(dataDir, 0o755);
    fs.mkdirSync(path.join(dataDir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'logs', 'core.log'), '{"event":"old"}\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'data.key'), Buffer.alloc(32, 1), { mode: 0o644 });
    const shell = startShell(dataDir);
    await shell.waitForOutput(READY_LINE);
    expect(openEntries(dataDir)).toEqual([]);
    // The files that matter were there to be checked: database, WAL, logs, key, lock.
    const entries = fs.readdirSync(dataDir);
    for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal', 'data.key', 'kiosk.lock.sqlite', 'logs', 'core.pid']) expect(entries).toContain(name);
    await shell.stop();
    expect(openEntries(dataDir)).toEqual([]);
  }, 90_000);
});
