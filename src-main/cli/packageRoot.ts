// Where this copy of the app lives (a checkout, dist/, or a release's versions/<version>/), found
// by walking up from this module to package.json; and whether it is a packaged install.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPackagedInstall } from '../shell/siteConfig';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();

/** The `budayang` command's entry script, for commands that start more of themselves. */
export const BUDAYANG_BIN = path.join(PACKAGE_ROOT, 'bin', 'budayang.mjs');
/** A release install (its `release.json`) or BUDAYANG_PACKAGED=1: production defaults apply. */
export function runsPackaged(env: NodeJS.ProcessEnv): boolean {
  return isPackagedInstall(PACKAGE_ROOT, env);
}
