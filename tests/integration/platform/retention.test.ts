// Time-based housekeeping on the store under test, driven by the platform's clock: month
// partitions of events are made ahead and dropped whole past the retention (with their
// idempotency keys); nonces, rate-limit windows and old provisioning codes go by time; rows that
// fell into the DEFAULT partition move into their month when it is made.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformStore } from '../../../platform/server/platformStore';
import { checkItem } from '../../../platform/server/routes/events';
import { monthStart, partitionName } from '../../../platform/server/storage/maintenance';
import { openTestStore } from '../../support/platformDatabase';

let store: PlatformStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const JAN_2026 = Date.parse('2026-01-15T08:00:00.000Z');

async function kiosk(s: PlatformStore, at: Date): Promise<string> {
  const { code } = await s.kiosks.createProvisioningCode(at);
  const redeemed = await s.kiosks.redeemCode(code, 'RET01', `key-${ulid()}`, 't', at);
  if (!('kioskId' in redeemed)) throw new Error(redeemed.refusal);
  return redeemed.kioskId;
}

function items(stream: string, count: number) {
  return Array.from({ length: count }, (_, i) => checkItem({ idempotencyKey: ulid(), streamKey: stream, streamSeq: i + 1, kind: 'dev.synthetic', occurredAt: new Date(JAN_2026).toISOString(), payload: { i } }));
}

async function partitions(s: PlatformStore): Promise<string[]> {
  const rows = await s.db.query<{ name: string }>("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1");
  return rows.map((r) => r.name);
}

describe('platform retention and expiry', () => {
  it('makes month partitions ahead and drops a month past the retention, with its keys', async () => {
    let now = JAN_2026;
    store = await openTestStore(fs.mkdtempSync(path.join(os.tmpdir(), 'retention-')), { now: () => now });
    expect(await partitions(store)).toEqual(['events_default', 'events_y2026m01', 'events_y2026m02', 'events_y2026m03']);
    const id = await kiosk(store, new Date(now));
    expect((await store.events.storeBatch(id, items('case:OLD', 3), new Date(now))).every((o) => o.status === 'accepted')).toBe(true);
    expect(await store.kiosks.rememberNonce(id, 'n-1', new Date(now + 600_000))).toBe(true);

    // 24 whole months later January 2026 is still kept; a month after that it goes.
    now = Date.parse('2028-01-20T00:00:00.000Z');
    expect((await store.maintain()).partitionsDropped).toEqual([]);
    expect(await store.events.count()).toBe(3);
    now = Date.parse('2028-02-03T00:00:00.000Z');
    const report = await store.maintain();
    expect(report.partitionsDropped).toEqual(['events_y2026m01']);
    expect(report.partitionsCreated).toEqual(['events_y2028m04']);
    expect(await store.events.count()).toBe(0);
    expect(await store.db.query('SELECT COUNT(*) AS n FROM event_keys')).toEqual([{ n: 0 }]);
    // The nonce expired long ago and was deleted by time, not by chance.
    expect(await store.db.query('SELECT COUNT(*) AS n FROM request_nonces')).toEqual([{ n: 0 }]);
  });

  it('moves events that fell into DEFAULT into their month when its partition is made', async () => {
    let now = JAN_2026;
    store = await openTestStore(fs.mkdtempSync(path.join(os.tmpdir(), 'retention-')), { now: () => now });
    const id = await kiosk(store, new Date(now));
    // The platform was down for months: nothing made June's partition before June's events came.
    const june = new Date(Date.parse('2026-06-10T00:00:00.000Z'));
    expect((await store.events.storeBatch(id, items('case:JUNE', 2), june)).every((o) => o.status === 'accepted')).toBe(true);
    expect(await store.db.query('SELECT COUNT(*) AS n FROM events_default')).toEqual([{ n: 2 }]);
    now = june.getTime();
    expect((await store.maintain()).partitionsCreated).toContain(partitionName(monthStart(june)));
    expect(await store.db.query('SELECT COUNT(*) AS n FROM events_default')).toEqual([{ n: 0 }]);
    expect(await store.db.query(`SELECT COUNT(*) AS n FROM ${partitionName(monthStart(june))}`)).toEqual([{ n: 2 }]);
    expect((await store.allEvents()).map((e) => e.streamSeq)).toEqual([1, 2]);
  });
});
