// The kiosk and the reference platform over real HTTP: provisioning, push with per-item results,
// heartbeat with remote commands and skew, signed config with ETag, online reference queries,
// and the admin API.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { provisionKiosk } from '../../../src-main/core/sync/PlatformClient';
import { RemoteConfigPuller } from '../../../src-main/core/sync/RemoteConfigPuller';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, openKiosk, platformEvents, provision, queueFromOlderVersion, startPlatform, tempDir, type KioskUnderTest } from './support/syncHarness';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(): Promise<{ platform: PlatformServer; kiosk: KioskUnderTest; kioskId: string }> {
  const platform = await startPlatform(tempDir('platform'));
  cleanup.push(() => platform.close());
  const kiosk = openKiosk(tempDir('kiosk'));
  cleanup.push(() => kiosk.close());
  const kioskId = await provision(kiosk, platform);
  return { platform, kiosk, kioskId };
}

/** The parts of admin answers these tests read. */
interface AdminAnswer {
  kiosks: Array<{ lastHeartbeat: { queue: { pending: number } } }>;
  events: unknown[];
  nextAfter: number | null;
  version: number;
}

async function admin(platform: PlatformServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: AdminAnswer }> {
  const res = await fetch(platform.url + path, {
    method,
    headers: { authorization: `Bearer ${platform.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as AdminAnswer };
}

describe('kiosk ↔ reference platform', () => {
  it('provisions with a one-time code that cannot be reused by another key', async () => {
    const { platform, kioskId } = await setup();
    expect(kioskId).toMatch(/^K-/);
    const code = await platform.createProvisioningCode();
    const a = openKiosk(tempDir('kiosk'));
    cleanup.push(() => a.close());
    unwrap(await provisionKiosk(a.stack.identity, platform.url, { code, kioskCode: 'TEST02', appVersion: 't' }));
    const b = openKiosk(tempDir('kiosk'));
    cleanup.push(() => b.close());
    const reused = await provisionKiosk(b.stack.identity, platform.url, { code, kioskCode: 'TEST03', appVersion: 't' });
    expect(reused.ok).toBe(false);
    if (!reused.ok) expect(reused.error).toMatchObject({ kind: 'http', status: 403, code: 'badCode' });
    // A retry by the same key (its answer was lost) gets the same kiosk id.
    const again = unwrap(await provisionKiosk(a.stack.identity, platform.url, { code, kioskCode: 'TEST02', appVersion: 't' }));
    expect(again.kioskId).toBe(a.stack.identity.registration()!.kioskId);
    expect((await admin(platform, 'GET', '/admin/kiosks')).json.kiosks).toHaveLength(2);
    expect((await fetch(`${platform.url}/admin/kiosks`)).status).toBe(401);
  });

  it('pushes batches with per-item results: accepted, then duplicate on resend, and dead-letters invalid kinds', async () => {
    const { platform, kiosk } = await setup();
    const expected = enqueueSynthetic(kiosk, 30, 4);
    // Today's kiosk refuses an unregistered kind at enqueue, with a reason and without a throw…
    const refused = kiosk.stack.outbox.enqueue({ streamKey: 'case:BAD', kind: 'bogus.thing', payload: {} });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalidRecord', message: 'unknown event kind bogus.thing' } });
    // …but one queued by an older version still reaches the platform, which rejects it alone.
    const bad = queueFromOlderVersion(kiosk, 'case:BAD', 'bogus.thing');
    const after = unwrap(kiosk.stack.outbox.enqueue({ streamKey: 'case:BAD', kind: 'dev.synthetic', payload: {} }));
    const taken = unwrap(kiosk.stack.outbox.takeBatch(100));
    const first = unwrap(await kiosk.client.pushEvents(taken.map((t) => t.event)));
    const byKey = new Map(first.results.map((r) => [r.idempotencyKey, r]));
    expect(byKey.get(bad.idempotencyKey)).toMatchObject({ status: 'rejected', retryable: false });
    expect(byKey.get(after.idempotencyKey)).toMatchObject({ status: 'rejected', retryable: true });
    const resent = unwrap(await kiosk.client.pushEvents(taken.slice(0, 3).map((t) => t.event)));
    expect(resent.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    const dead = unwrap(kiosk.stack.outbox.recordResults(taken, first.results));
    expect(dead.map((d) => d.idempotencyKey)).toEqual([bad.idempotencyKey]);
    expectExactlyOnceInOrder((await platformEvents(platform)), expected);
    const listed = await admin(platform, 'GET', '/admin/events?limit=5');
    expect(listed.json.events).toHaveLength(5);
    const next = await admin(platform, 'GET', `/admin/events?limit=1000&after=${listed.json.nextAfter}`);
    expect(next.json.events).toHaveLength(25);
  });

  it('answers heartbeats with clock skew and pending remote commands, delivered once', async () => {
    const { platform, kiosk, kioskId } = await setup();
    unwrap(kiosk.stack.outbox.enqueue({ streamKey: 'case:H', kind: 'dev.synthetic', payload: {} }));
    expect((await admin(platform, 'POST', '/admin/commands', { kioskId, kind: 'flushQueue' })).status).toBe(200);
    const beat = {
      sentAt: new Date(Date.now() - 42_000).toISOString(),
      devices: [{ deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: 'online' }],
      queue: { pending: 1, deadLetter: 0, oldestPendingAgeSeconds: 3 },
      versions: { app: '0.1.0', config: 'test-1' },
      diskFreeBytes: 1e9,
      commandResults: [],
    };
    const answer = unwrap(await kiosk.client.heartbeat(beat));
    expect(answer.commands.map((c) => c.kind)).toEqual(['flushQueue']);
    expect(answer.clockSkewSeconds).toBeGreaterThanOrEqual(41);
    expect(unwrap(await kiosk.client.heartbeat({ ...beat, sentAt: new Date().toISOString() })).commands).toEqual([]);
    const kiosks = (await admin(platform, 'GET', '/admin/kiosks')).json.kiosks;
    expect(kiosks[0]!.lastHeartbeat.queue.pending).toBe(1);
  });

  it('serves signed config with ETag; the kiosk verifies it against the pinned admin key', async () => {
    const { platform, kiosk } = await setup();
    const puller = new RemoteConfigPuller(kiosk.stack.db, kiosk.client, kiosk.stack.identity);
    expect(await puller.pull()).toMatchObject({ ok: false });
    expect((await admin(platform, 'POST', '/admin/config', { configId: 'site-7', overrides: { ui: { idleWarningSeconds: 90 } } })).json.version).toBe(1);
    expect(unwrap(await puller.pull())).toBe('stored v1');
    expect(unwrap(await puller.pull())).toBe('unchanged'); // 304 via If-None-Match
    expect(JSON.parse(puller.latest()!.body)).toEqual({ configId: 'site-7', ui: { idleWarningSeconds: 90 } });
    // A bundle signed by another key is refused.
    kiosk.stack.identity.saveRegistration({ ...kiosk.stack.identity.registration()!, adminPublicKey: kiosk.stack.identity.publicKey });
    await admin(platform, 'POST', '/admin/config', { configId: 'site-8', overrides: {} });
    expect(await puller.pull()).toMatchObject({ ok: false, error: expect.stringMatching(/signature does not verify/) });
  });

  it('serves the catalog with an ETag and answers 304 when unchanged', async () => {
    const { kiosk } = await setup();
    const first = unwrap(await kiosk.client.pullCatalog());
    expect(first?.catalog.version).toBe('catalog-1');
    expect(first?.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(unwrap(await kiosk.client.pullCatalog(first!.etag!))).toBeUndefined();
  });

  it('answers online case, proof and certificate queries', async () => {
    const { kiosk } = await setup();
    expect(unwrap(await kiosk.client.caseStatus('DEMO01-20261119-0007')).status).toBe('readyForPickup');
    expect(unwrap(await kiosk.client.proof('P-SOCIAL-0001')).fields.months).toBe('128');
    expect(unwrap(await kiosk.client.certificate('C-BL-420200-0001')).printQuota).toBe(2);
    expect(await kiosk.client.caseStatus('NOPE')).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
  });

  it('injects faults through the admin API', async () => {
    const { platform, kiosk } = await setup();
    expect((await admin(platform, 'POST', '/admin/faults', { kind: 'status', status: 503, retryAfterSeconds: 9, remaining: 1 })).status).toBe(200);
    expect(await kiosk.client.proof('P-SOCIAL-0001')).toMatchObject({ ok: false, error: { kind: 'http', status: 503, retryAfterMs: 9000 } });
    expect((await kiosk.client.proof('P-SOCIAL-0001')).ok).toBe(true);
    await admin(platform, 'POST', '/admin/faults', { kind: 'down' });
    expect(await kiosk.client.proof('P-SOCIAL-0001')).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    await admin(platform, 'POST', '/admin/faults', { kind: 'none' });
    expect((await kiosk.client.proof('P-SOCIAL-0001')).ok).toBe(true);
    expect((await admin(platform, 'POST', '/admin/faults', { kind: 'explode' })).status).toBe(400);
  });
});
