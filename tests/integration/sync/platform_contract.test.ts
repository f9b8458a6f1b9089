// The kiosk and the reference platform over real HTTP: provisioning, push with per-item results,
// heartbeat with signed remote commands (delivered until acknowledged) and skew, signed bundles
// with ETag, online reference queries, and the admin API.
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { provisionKiosk } from '../../../src-main/core/sync/PlatformClient';
import { SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import { bundleSignatureVerifies, commandSignatureVerifies, generateAdminKey, signBundle } from '../../../src-main/core/fleet/fleetKeys';
import { RemoteConfigPuller } from '../../../src-main/core/sync/RemoteConfigPuller';
import type { Bundle } from '../../../src-common/wire/bundle';
import { z } from 'zod';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { enqueueSynthetic, expectExactlyOnceInOrder, openKiosk, platformEvents, provision, queueFromOlderVersion, startPlatform, tempDir, type KioskUnderTest } from './support/syncHarness';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(): Promise<{ platform: PlatformServer; kiosk: KioskUnderTest; kioskId: string }> {
  const platformDir = tempDir('platform');
  const platform = await startPlatform(platformDir);
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

  it('answers heartbeats with clock skew and signed remote commands, delivered until the kiosk acknowledges them', async () => {
    const { platform, kiosk, kioskId } = await setup();
    unwrap(kiosk.stack.outbox.enqueue({ streamKey: 'case:H', kind: 'dev.synthetic', payload: {} }));
    expect((await admin(platform, 'POST', '/admin/commands', { kioskId, action: { kind: 'flushQueue' } })).status).toBe(200);
    expect((await admin(platform, 'POST', '/admin/commands', { kioskId, action: { kind: 'bogus' } })).status).toBe(400);
    const beat = {
      sentAt: new Date(Date.now() - 42_000).toISOString(),
      devices: [{ deviceId: 'receipt-1', deviceClass: 'receiptPrinter', state: 'online' }],
      queue: { pending: 1, deadLetter: 0, oldestPendingAgeSeconds: 3 },
      versions: { app: '0.1.0', config: 'test-1' },
      diskFreeBytes: 1e9,
      commandResults: [],
    };
    const answer = unwrap(await kiosk.client.heartbeat(beat));
    const [command] = answer.commands.map((c) => SignedRemoteCommand.parse(c));
    expect(command).toMatchObject({ kioskId, action: { kind: 'flushQueue' }, urgent: false });
    expect(Date.parse(command!.expiresAt) - Date.parse(command!.createdAt)).toBe(24 * 3600_000);
    expect(commandSignatureVerifies(command!, platform.adminPublicKey)).toBe(true);
    expect(commandSignatureVerifies({ ...command!, urgent: true }, platform.adminPublicKey)).toBe(false);
    expect(answer.clockSkewSeconds).toBeGreaterThanOrEqual(41);
    // Not acknowledged yet: delivered again; acknowledged: never again.
    const again = unwrap(await kiosk.client.heartbeat({ ...beat, sentAt: new Date().toISOString() }));
    expect(again.commands.map((c) => SignedRemoteCommand.parse(c).commandId)).toEqual([command!.commandId]);
    expect(unwrap(await kiosk.client.heartbeat({ ...beat, sentAt: new Date().toISOString(), receivedCommandIds: [command!.commandId] })).commands).toEqual([]);
    expect(unwrap(await kiosk.client.heartbeat({ ...beat, sentAt: new Date().toISOString() })).commands).toEqual([]);
    const kiosks = (await admin(platform, 'GET', '/admin/kiosks')).json.kiosks;
    expect(kiosks[0]!.lastHeartbeat.queue.pending).toBe(1);
  });

  it('serves a kiosk the bundles a rollout meant for it, with an ETag; refuses a version that does not go up', async () => {
    const { platform, kiosk, kioskId } = await setup();
    const puller = new RemoteConfigPuller(kiosk.client);
    expect(await puller.pull('config', null)).toEqual({ kind: 'none' });
    // Signed offline by a security officer's key: the platform serves it without its own key.
    const officer = generateAdminKey().key;
    const bundle = unwrap(signBundle('config', 3, { ui: { idleWarningSeconds: 90 } }, officer));
    expect((await admin(platform, 'PUT', '/admin/bundles/config', bundle)).status).toBe(200);
    expect((await admin(platform, 'PUT', '/admin/bundles/config', bundle)).status).toBe(409);
    expect((await admin(platform, 'PUT', '/admin/bundles/catalog', bundle)).status).toBe(400);
    // Published is not delivered: only a rollout tells a kiosk to run a version.
    expect(await puller.pull('config', null)).toEqual({ kind: 'none' });
    expect((await admin(platform, 'POST', '/admin/rollouts', { kind: 'config', version: 3, target: { kioskIds: [kioskId] }, rings: [{ percent: 100 }], soakSeconds: 0 })).status).toBe(200);
    const pulled = await puller.pull('config', null);
    if (pulled.kind !== 'bundle') throw new Error(`expected a bundle, got ${pulled.kind}`);
    expect(pulled.raw).toEqual(bundle);
    expect(bundleSignatureVerifies(pulled.raw as Bundle, officer.publicKey)).toBe(true);
    expect(await puller.pull('config', pulled.etag)).toEqual({ kind: 'unchanged' }); // 304 via If-None-Match
    const beat = unwrap(await kiosk.client.heartbeat({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: '0.1.0', config: 'test-1' }, diskFreeBytes: null, commandResults: [] }));
    expect(beat.desired).toEqual({ configVersion: 3 });
  });

  it('serves the signed catalog bundle on /v1/catalog, with an ETag and 304 when unchanged', async () => {
    const { platform, kiosk, kioskId } = await setup();
    const catalog = async (etag?: string) => unwrap(await kiosk.client.pullCatalog(etag));
    expect(await kiosk.client.signed('GET', '/v1/catalog', undefined, z.unknown())).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
    const published = await admin(platform, 'POST', '/admin/bundles/catalog/sign', { payload: { version: 'c-1', items: [] } });
    expect(published.status).toBe(200);
    await admin(platform, 'POST', '/admin/rollouts', { kind: 'catalog', version: 1, target: { kioskIds: [kioskId] }, rings: [{ percent: 100 }], soakSeconds: 0 });
    const first = await catalog();
    expect(first?.bundle).toMatchObject({ kind: 'catalog', version: 1, keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(bundleSignatureVerifies(first!.bundle as Bundle, platform.adminPublicKey)).toBe(true);
    expect(first?.etag).toMatch(/^"catalog-1-[0-9a-f]{16}"$/);
    expect(await catalog(first!.etag!)).toBeUndefined();
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
