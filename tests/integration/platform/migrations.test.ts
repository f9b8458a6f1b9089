// The platform schema's numbered migrations on the store under test: applied once even when two
// openers race (one advisory lock), recorded one row per version, a no-op on the next open, and a
// database from a newer platform refused untouched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../../platform/server/storage/migrations';
import { openDatabase } from '../../../platform/server/platformStore';
import { openPgliteDatabase } from '../../../platform/server/storage/pgliteDatabase';
import type { SqlDatabase } from '../../../platform/server/storage/sqlDatabase';
import { platformStoreUnderTest, testDatabaseUrl } from '../../support/platformDatabase';

async function location(dir: string) {
  const url = await testDatabaseUrl(dir);
  return url ? ({ kind: 'server', url } as const) : ({ kind: 'embedded', dataDir: dir } as const);
}

/** A database with no schema yet (the embedded store otherwise starts from a migrated template). */
async function openBare(dir: string): Promise<SqlDatabase> {
  const url = await testDatabaseUrl(dir);
  return url ? openDatabase({ kind: 'server', url }) : openPgliteDatabase(path.join(dir, 'pglite'));
}

describe('platform migrations', () => {
  it('apply each version exactly once when two openers race, then do nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    // Two connections to one server; the embedded store has one connection, shared by both calls.
    const first = await openBare(dir);
    const second = platformStoreUnderTest() === 'postgres' ? await openDatabase(await location(dir)) : first;
    try {
      const outcomes = await Promise.all([migrate(first), migrate(second)]);
      expect(outcomes.map((o) => o.to)).toEqual([LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION]);
      // Exactly one of the two did the work.
      expect(outcomes.map((o) => o.from).sort()).toEqual([0, LATEST_SCHEMA_VERSION]);
      const rows = await first.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(first)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    } finally {
      if (second !== first) await second.close();
      await first.close();
    }
  });

  it('refuses a database written by a newer platform', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    const db = await openBare(dir);
    try {
      await migrate(db);
      await db.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [LATEST_SCHEMA_VERSION + 1, 'from the future', new Date().toISOString()]);
      await expect(migrate(db)).rejects.toThrow(/newer than this platform/);
      expect((await db.query('SELECT COUNT(*) AS n FROM schema_migrations')).at(0)).toEqual({ n: MIGRATIONS.length + 1 });
    } finally {
      await db.close();
    }
  });
});
