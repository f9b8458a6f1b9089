// The data directory is the kiosk user's alone (design.md §6, PIPL): the folder and every folder
// in it 0700, every file 0600 — the database, WAL, logs, journals, keys, PDFs. New files get these
// modes from the core's umask and explicit modes; this pass tightens what an earlier version or a
// hand-made folder left group- or world-readable.
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Chromium's profile (browser shell) keeps the modes Chromium gives it. */
const NOT_OURS = new Set(['chromium']);

/** Makes `dataDir` private; returns how many entries had to be tightened. Never throws for one entry. */
export function securePrivateDataDir(dataDir: string): { tightened: number; failed: readonly string[] } {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let tightened = 0;
  const failed: string[] = [];
  const tighten = (entry: string, stats: fs.Stats, mode: number) => {
    if ((stats.mode & 0o777) === mode) return;
    try {
      fs.chmodSync(entry, mode);
      tightened++;
    } catch {
      failed.push(entry);
    }
  };
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      if (dir === dataDir && NOT_OURS.has(name)) continue;
      const entry = path.join(dir, name);
      const stats = fs.lstatSync(entry);
      if (stats.isSymbolicLink()) continue; // a link's own mode means nothing; its target is not ours to change
      if (stats.isDirectory()) {
        tighten(entry, stats, PRIVATE_DIR_MODE);
        walk(entry);
      } else if (stats.isFile()) {
        tighten(entry, stats, PRIVATE_FILE_MODE);
      }
    }
  };
  tighten(dataDir, fs.statSync(dataDir), PRIVATE_DIR_MODE);
  walk(dataDir);
  return { tightened, failed };
}
