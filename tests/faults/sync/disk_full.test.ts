// The disk fills up (SQLITE_FULL, via PRAGMA max_page_count): new work is refused with a clear
// reason as a Result, a business row and its job are rolled back together, nothing already
// recorded is lost, and the kiosk recovers when space returns.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { expectExactlyOnceInOrder, openKiosk, provision, startPlatform, tempDir, type KioskUnderTest, platformEvents } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('disk full', () => {
  it('refuses new work with a reason, keeps what was written, and recovers', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    await provision(kiosk, platform);
    const { db, outbox } = kiosk.stack;
    db.exec('CREATE TABLE receipts (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 4}`);

    const expected = new Map<string, string[]>();
    let refusal: string | undefined;
    for (let i = 0; i < 10_000 && !refusal; i++) {
      const written = outbox.write('recording a receipt', () =>
        db.transaction(() => {
          db.prepare('INSERT INTO receipts (note) VALUES (?)').run('x'.repeat(200));
          return outbox.enqueueInTransaction(db, { streamKey: `case:${i % 3}`, kind: 'dev.synthetic', payload: { i, pad: 'y'.repeat(200) } });
        }).immediate(),
      );
      if (written.ok) expected.set(written.value.streamKey, [...(expected.get(written.value.streamKey) ?? []), written.value.idempotencyKey]);
      else {
        expect(written.error.kind).toBe('diskFull');
        refusal = written.error.message;
      }
    }
    expect(refusal).toMatch(/storage is full \(SQLITE_FULL\); nothing already recorded was lost/);
    expect(outbox.status().refusingNewWork).toBe(refusal);
    const recorded = [...expected.values()].reduce((n, k) => n + k.length, 0);
    expect(recorded).toBeGreaterThan(0);
    // Business rows and jobs stayed paired: the refused transaction left neither.
    expect(db.prepare('SELECT COUNT(*) FROM receipts').pluck().get()).toBe(recorded);
    expect(outbox.status().pending).toBe(recorded);
    const again = outbox.write('recording a receipt', () =>
      db.transaction(() => {
        db.prepare('INSERT INTO receipts (note) VALUES (?)').run('x'.repeat(4000));
        return outbox.enqueueInTransaction(db, { streamKey: 'case:9', kind: 'dev.synthetic', payload: { pad: 'y'.repeat(4000) } });
      }).immediate(),
    );
    expect(again).toMatchObject({ ok: false, error: { kind: 'diskFull' } });

    // Space comes back: new work is accepted again and everything is delivered once, in order.
    db.pragma('max_page_count = 1073741823');
    const after = unwrap(outbox.enqueue({ streamKey: 'case:0', kind: 'dev.synthetic', payload: { after: true } }));
    expected.set('case:0', [...(expected.get('case:0') ?? []), after.idempotencyKey]);
    expect(outbox.status().refusingNewWork).toBeNull();
    expect(await kiosk.engine.drain()).toMatchObject({ kind: 'drained', delivered: recorded + 1 });
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
  });
});
