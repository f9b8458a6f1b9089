// `npm run test:electron`: the Electron smoke test (tests/electron) for hosts that have the
// Electron binary. Where it is missing (it cannot be downloaded here) this says so and exits 1
// at once, instead of letting Playwright hang or fail obscurely. Extra arguments go to Playwright.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function electronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (npm install)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return { missing: `${path.relative(root, packageDir)}/path.txt is missing: the binary was never downloaded` };
  const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { binary } : { missing: `${binary} does not exist` };
}

const found = electronBinary();
if (!found.binary) {
  process.stderr.write(
    `npm run test:electron: the Electron binary is not installed: ${found.missing}.\n` +
      'On a host with network access run `node node_modules/electron/install.js` (or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron), then run this again.\n',
  );
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'dist', 'shell', 'electron', 'main.cjs'))) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', 'playwright.electron.config.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
