// A damaged database file is refused with a clear message and moved aside for recovery, never
// deleted; the next start gets a fresh database.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { openSyncStack } from '../../../src-main/core/sync/openSyncStack';
import { openKioskDatabase } from '../../../src-main/core/storage/openKioskDatabase';
import { tempDir } from '../../integration/sync/support/syncHarness';

describe('corrupt database', () => {
  it('refuses a file that is not a database and keeps it aside', () => {
    const dir = tempDir('corrupt');
    const garbage = Buffer.from('this is not an SQLite file, it was half-written when the power failed'.repeat(100));
    fs.writeFileSync(path.join(dir, 'kiosk.sqlite'), garbage);
    const result = openKioskDatabase({ dataDir: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('corrupt');
    expect(result.error.message).toMatch(/is damaged \(SQLITE_NOTADB\).*moved to .*kiosk\.sqlite\.corrupt-.*nothing deleted/);
    const moved = fs.readdirSync(dir).filter((f) => f.startsWith('kiosk.sqlite.corrupt-'));
    expect(moved).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, moved[0]!)).equals(garbage)).toBe(true);
    // The lock was released and the next open starts fresh.
    const fresh = unwrap(openKioskDatabase({ dataDir: dir }));
    fresh.close();
  });

  it('refuses a database whose pages were damaged', () => {
    const dir = tempDir('corrupt');
    const stack = unwrap(openSyncStack({ dataDir: dir, log: silentLogger }));
    for (let i = 0; i < 300; i++) unwrap(stack.outbox.enqueue({ streamKey: `case:${i % 5}`, kind: 'dev.synthetic', payload: { i, pad: 'z'.repeat(300) } }));
    stack.close();
    const file = path.join(dir, 'kiosk.sqlite');
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the b-tree headers of a few pages past the schema page.
    for (let page = 2; page < Math.min(bytes.length / pageSize, 12); page++) bytes.fill(0xa5, page * pageSize, page * pageSize + 64);
    fs.writeFileSync(file, bytes);
    const result = openSyncStack({ dataDir: dir, log: silentLogger });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/damaged \(SQLITE_CORRUPT.*moved to/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('kiosk.sqlite.corrupt-'))).toBe(true);
  });
});
