// Finds the Electron binary without triggering its lazy download (requiring `electron` would
// download it on first use, which a kiosk without internet must never attempt).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function findElectronBinary(env: NodeJS.ProcessEnv): string | undefined {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return fs.existsSync(p) ? p : undefined;
  }
  if (!relative) return undefined;
  const full = path.join(packageDir, 'dist', relative);
  return fs.existsSync(full) ? full : undefined;
}
