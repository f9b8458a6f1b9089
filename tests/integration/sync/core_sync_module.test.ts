// The storage and sync modules inside a real core (demo profile): the embedded reference platform
// starts and the kiosk provisions itself, records and device alerts reach the platform, and the
// Queue.* API answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import type { ApiConnection } from '../../../src-main/core/api/ApiRouter';
import { createKioskCore, type KioskCore } from '../../../src-main/core/createKioskCore';
import { storageModule } from '../../../src-main/core/storage/storageModule';
import { alertsModule } from '../../../src-main/core/alerts/alertsModule';
import { platformModule } from '../../../src-main/core/sync/platformModule';
import { syncModule } from '../../../src-main/core/sync/syncModule';
import { tempDir } from './support/syncHarness';
import { KioskDatabaseId, OutboxId } from '../../../src-main/core/storage/storageServices';

let core: KioskCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

interface Completion {
  completionCode: string;
  payload: Record<string, unknown>;
}

async function call(c: KioskCore, name: string, payload: unknown = {}): Promise<Completion> {
  const sent: Array<Completion & { type: string }> = [];
  const connection: ApiConnection = { id: `t-${Math.random()}`, send: (m) => sent.push(m as Completion & { type: string }) };
  c.router.attach(connection);
  await c.router.dispatch(connection, name, 'r1', payload);
  c.router.detach(connection.id);
  return sent.find((m) => m.type === 'completion')!;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

describe('sync module in the core', () => {
  it('embeds the platform in the demo profile, syncs records and alerts, and answers Queue.*', async () => {
    const dataDir = tempDir('core');
    core = await createKioskCore({ dataDir, profile: 'demo', modules: [storageModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
    const { deviceStatuses } = core.context;
    const outbox = core.service(OutboxId)!;
    const db = core.service(KioskDatabaseId)!;
    db.exec('CREATE TABLE IF NOT EXISTS demo_cases (case_number TEXT PRIMARY KEY)');
    db.transaction(() => {
      db.prepare('INSERT INTO demo_cases VALUES (?)').run('DEMO01-20261126-0001');
      outbox.enqueueInTransaction(db, { streamKey: 'case:DEMO01-20261126-0001', kind: 'dev.synthetic', payload: { service: 'residence-permit' }, pii: { name: '测试用户' } });
    })();
    deviceStatuses.set({ deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: 'online', detail: { kind: 'printer', paper: 'low', coverOpen: false, cutterError: false } });
    await until(() => outbox.status().acknowledged >= 2);
    expect(outbox.status()).toMatchObject({ pending: 0, inFlight: 0, acknowledged: 2 });
    expect(core.status().capabilities.capabilities.find((c) => c.capability === 'platformOnline')?.available).toBe(true);
    // What the embedded platform received, through its admin API (its PGlite store is this process's).
    const platformUrl = db.prepare('SELECT platform_url FROM platform_registration WHERE id = 1').pluck().get() as string;
    const adminToken = fs.readFileSync(path.join(dataDir, 'embedded-platform', 'admin-token'), 'utf8').trim();
    const listed = (await (await fetch(`${platformUrl}/admin/events?limit=100`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { events: { kind: string; streamKey: string; payload: Record<string, unknown>; pii: Record<string, unknown> | null }[] };
    const kinds = listed.events;
    expect(kinds.map((k) => `${k.kind}@${k.streamKey}`).sort()).toEqual(['alert.raised@alert:receipt-1', 'dev.synthetic@case:DEMO01-20261126-0001']);
    expect(kinds.find((k) => k.kind === 'alert.raised')!.payload).toMatchObject({ code: 'paperLow', severity: 'warning' });
    expect(kinds.find((k) => k.kind === 'dev.synthetic')!.pii).toEqual({ name: '测试用户' });

    const status = await call(core, 'Queue.Status');
    expect(status.completionCode).toBe('success');
    expect(status.payload).toMatchObject({ pending: 0, deadLetter: 0, acknowledged: 2, platformOnline: true });
    expect(status.payload.lastSyncAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await call(core, 'Queue.Flush')).payload).toMatchObject({ outcome: 'drained' });
    expect((await call(core, 'Queue.RetryDead')).payload).toEqual({ revived: 0 });
  });

  it('restarts on the same data directory with the same kiosk identity and keeps the queue', async () => {
    const dataDir = tempDir('core');
    core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
    const identityBefore = core.service(KioskDatabaseId)!.prepare('SELECT public_key FROM kiosk_identity').pluck().get();
    unwrap(core.service(OutboxId)!.enqueue({ streamKey: 'case:X', kind: 'dev.synthetic', payload: {} }));
    // Not provisioned (test profile has no platform): the record waits.
    expect((await call(core, 'Queue.Status')).payload).toMatchObject({ pending: 1, platformOnline: false });
    await core.stop();
    core = await createKioskCore({ dataDir, profile: 'test', modules: [storageModule, alertsModule, platformModule, syncModule], logger: { logDir: false } });
    expect(core.service(KioskDatabaseId)!.prepare('SELECT public_key FROM kiosk_identity').pluck().get()).toBe(identityBefore);
    expect(core.service(OutboxId)!.status().pending).toBe(1);
  });
});
