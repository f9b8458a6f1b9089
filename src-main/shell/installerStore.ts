// The installers a kiosk keeps (docs/shell-and-server.md, "Updates"): each downloaded release's
// installer is copied out of electron-updater's cache into `<data>/updates/installers/<version>/`,
// so the watchdog (after a crash loop) or a technician can install the previous version again
// without the network. Written as a copy to a temporary name and a rename: a half-copied
// installer never carries the final name.
import fs from 'node:fs';
import path from 'node:path';

export function installersDir(dataDir: string): string {
  return path.join(dataDir, 'updates', 'installers');
}

/** Copies `downloaded` under the version's folder; returns the kept file's path. */
export function keepInstallerFile(dataDir: string, version: string, downloaded: string): string {
  if (!/^[0-9A-Za-z.+-]{1,64}$/.test(version) || version.startsWith('.')) throw new Error(`not a version: ${JSON.stringify(version)}`);
  const dir = path.join(installersDir(dataDir), version);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, path.basename(downloaded));
  const tmp = `${target}.partial`;
  fs.copyFileSync(downloaded, tmp);
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  return target;
}

/** Removes the folders of versions not in `keep` (the core's state names the kept ones). */
export function pruneInstallers(dataDir: string, keep: readonly string[]): string[] {
  const dir = installersDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const entry of fs.readdirSync(dir)) {
    if (keep.includes(entry)) continue;
    fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}
