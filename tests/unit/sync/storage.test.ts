import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { acquireDataDirLock } from '../../../src-main/core/storage/dataDirLock';
import type { Migration } from '../../../src-main/core/storage/migration';
import { migrations as allMigrations } from '../../../src-main/core/storage/migrations/index';
import { syncMigrations } from '../../../src-main/core/storage/migrations/syncMigrations';

// Isolated from other domains' migrations: the sync list plus test-only ones.
const migrations = syncMigrations;
import { DATABASE_FILE_NAME, openKioskDatabase, type KioskDatabase } from '../../../src-main/core/storage/openKioskDatabase';
import { tempDir } from '../../integration/sync/support/syncHarness';

const open: KioskDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

function openOk(dataDir: string, list?: readonly Migration[]): KioskDatabase {
  const d = unwrap(openKioskDatabase({ dataDir, ...(list ? { migrations: list } : {}) }));
  open.push(d);
  return d;
}

describe('kiosk database', () => {
  it('opens in WAL with synchronous=FULL and records every migration of every domain', () => {
    const d = openOk(tempDir('db'), allMigrations);
    expect(d.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const applied = d.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(applied).toEqual([...allMigrations].map((m) => m.version).sort((a, b) => a - b));
  });

  it('runs each migration in its own transaction: a failing one leaves no trace and reports why', () => {
    const dir = tempDir('db');
    const bad: Migration[] = [
      ...migrations,
      { version: 98, name: 'sync_half', up: (db) => { db.exec('CREATE TABLE half_done (x)'); throw Object.assign(new Error('boom'), { code: 'SQLITE_ERROR' }); } },
    ];
    const result = openKioskDatabase({ dataDir: dir, migrations: bad });
    if (!result.ok) expect(result.error.message).toMatch(/migration 98 \(sync_half\) failed/);
    expect(result.ok).toBe(false);
    const raw = new Database(path.join(dir, DATABASE_FILE_NAME));
    expect(raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    expect(raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(Math.max(...migrations.map((m) => m.version)));
    raw.close();
  });

  it('accepts another domain\'s migrations listed in any order', () => {
    const extra: Migration = { version: 399, name: 'test_only_table', up: (db) => db.exec('CREATE TABLE test_only_table (id INTEGER PRIMARY KEY)') };
    const d = openOk(tempDir('db'), [extra, ...migrations]);
    expect(() => openKioskDatabase({ dataDir: tempDir('db'), migrations: [...migrations, { ...extra }, extra] })).toThrow(/declared twice/);
    expect(d.schemaVersion).toBe(399);
  });

  it('refuses a database written by a newer version', () => {
    const dir = tempDir('db');
    openOk(dir, migrations).db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')").run();
    open.pop()!.close();
    const again = openKioskDatabase({ dataDir: dir, migrations });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.kind).toBe('newerVersion');
      expect(again.error.message).toMatch(/newer version \(schema 999/);
    }
  });

  it('takes the data-directory lock: a second opener is refused with a clear message, and the lock goes with the connection', () => {
    const dir = tempDir('db');
    const first = openOk(dir, migrations);
    const refused = openKioskDatabase({ dataDir: dir, migrations });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.kind).toBe('locked');
      expect(refused.error.message).toMatch(new RegExp(`in use by process ${process.pid}`));
    }
    open.pop();
    first.close();
    const again = acquireDataDirLock(dir);
    expect(again.ok).toBe(true);
    if (again.ok) again.value.release();
  });
});
