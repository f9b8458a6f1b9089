// Install roots for the versioned-install tests: a temporary root, and small release tarballs
// (a release.json and one file) packed with the system tar, as `npm run release` packs them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

export function tempRoot(prefix = 'install'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `budayang-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempRoots(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A tarball whose release.json names `claims` (default `version`); returns its path. */
export function releaseTarball(version: string, options: { readonly claims?: string; readonly extra?: (dir: string) => void } = {}): string {
  const staging = tempRoot('tarball-src');
  fs.writeFileSync(path.join(staging, 'release.json'), JSON.stringify({ version: options.claims ?? version, kind: 'browser-shell' }));
  fs.mkdirSync(path.join(staging, 'bin'));
  fs.writeFileSync(path.join(staging, 'bin', 'budayang.mjs'), `// ${version}\n`);
  options.extra?.(staging);
  const tarball = path.join(tempRoot('tarball'), `budayang-${version}-browser-shell.tar.gz`);
  const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, '.'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(tar.stderr);
  return tarball;
}
