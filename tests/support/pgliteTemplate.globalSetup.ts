// Vitest global setup: make sure the embedded store's initdb template exists before the workers
// start, so parallel test files copy it (half a second) instead of each running initdb (seconds).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPgliteDatabase } from '../../platform/server/storage/pgliteDatabase';

export default async function setup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budayang-pglite-warm-'));
  try {
    const db = await openPgliteDatabase(path.join(dir, 'pglite'));
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
