// Where the installed package is (the folder with package.json), from this module's own path:
// the same answer from the TypeScript sources and from the dist/ bundle.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();

/** The `budayang` command's entry script, for commands that start more of themselves. */
export const BUDAYANG_BIN = path.join(PACKAGE_ROOT, 'bin', 'budayang.mjs');
