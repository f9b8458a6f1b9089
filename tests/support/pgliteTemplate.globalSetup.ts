// Vitest global setup: make sure the embedded store's cached template (initdb, then the schema
// migrated) exists before the workers start, so parallel test files copy it instead of each
// building it (seconds of WASM).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../platform/server/platformStore';

export default async function setup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-pglite-warm-'));
  try {
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
