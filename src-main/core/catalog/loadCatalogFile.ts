// Reads and validates the catalog file named by the kiosk config (`catalogPath`, relative to
// kiosk-config/). A broken catalog is refused with every problem named; the kiosk never guesses.
import fs from 'node:fs';
import path from 'node:path';
import { parseCatalog, type ServiceCatalog } from '../../../kiosk-config/catalog/schema';
import { err, type Result } from '../../../src-common/result';
import { CONFIG_DIR } from '../config/loadConfig';

export function resolveCatalogPath(catalogPath: string): string {
  return path.isAbsolute(catalogPath) ? catalogPath : path.join(CONFIG_DIR, catalogPath);
}

export function loadCatalogFile(catalogPath: string): Result<ServiceCatalog, string[]> {
  const file = resolveCatalogPath(catalogPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return err([`catalog ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return err([`catalog ${file} is not valid JSON: ${(e as Error).message}`]);
  }
  const parsed = parseCatalog(raw);
  return parsed.ok ? parsed : err(parsed.error.map((problem) => `catalog ${path.basename(file)}: ${problem}`));
}
