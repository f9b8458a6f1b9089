// Two stateless platform instances on one PostgreSQL database (only in the platform-postgres
// run: the embedded store belongs to one process). The same batch pushed to both at once is
// stored once, in order; a nonce spent on one is a replay on the other; a command queued through
// one is delivered once, whichever answers the heartbeat.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../../platform/server/createPlatformServer';
import { unwrap } from '../../../../src-common/result';
import { PlatformClient } from '../../../../src-main/core/sync/PlatformClient';
import { startTestPlatform, testDatabaseUrl, testSigningKeyFile } from '../../../support/platformDatabase';
import { SignedRemoteCommand } from '../../../../src-common/wire/remoteCommands';
import { commandSignatureVerifies } from '../../../../src-main/core/fleet/fleetKeys';
import { enqueueSynthetic, expectExactlyOnceInOrder, openKiosk, provision, sendRaw, signRequest, tempDir, type KioskUnderTest } from '../../sync/support/syncHarness';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function twoInstances(): Promise<[PlatformServer, PlatformServer]> {
  const dir = tempDir('platform');
  const databaseUrl = await testDatabaseUrl(dir);
  // One fleet key for both (`platform serve --signing-key FILE` on every instance). Started
  // together: the migration lock makes one of them apply the schema. Instances sharing a database
  // share the holder lookup key too (an instance with another key is refused at start).
  const signingKeyFile = testSigningKeyFile(tempDir('keys'));
  const holderLookupKey = crypto.randomBytes(32).toString('base64');
  const pair = await Promise.all([
    startTestPlatform({ dataDir: dir, databaseUrl, adminToken: 'tok', signingKeyFile, holderLookupKey }),
    startTestPlatform({ dataDir: tempDir('platform-b'), databaseUrl, adminToken: 'tok', signingKeyFile, holderLookupKey }),
  ]);
  for (const p of pair) open.push(() => p.close());
  return pair;
}

function clientOn(kiosk: KioskUnderTest, url: string): PlatformClient {
  kiosk.stack.identity.saveRegistration({ ...kiosk.stack.identity.registration()!, platformUrl: url });
  return new PlatformClient({ identity: kiosk.stack.identity });
}

describe('two platform instances, one database', () => {
  it('stores a batch pushed to both at once exactly once, in stream order', async () => {
    const [a, b] = await twoInstances();
    const kiosk = openKiosk(tempDir('kiosk'));
    open.push(() => kiosk.close());
    await provision(kiosk, a);
    const expected = enqueueSynthetic(kiosk, 200, 7);
    const events = unwrap(kiosk.stack.outbox.takeBatch(200)).map((t) => t.event);
    const [viaA, viaB] = await Promise.all([new PlatformClient({ identity: kiosk.stack.identity }).pushEvents(events), clientOn(kiosk, b.url).pushEvents(events)]);
    // The kiosk's row lock puts one push after the other, whichever instance took it: one stored
    // all 200, the other found all 200 already there.
    const statuses = [...unwrap(viaA).results, ...unwrap(viaB).results].map((r) => r.status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(200);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(200);
    const again = unwrap(await clientOn(kiosk, a.url).pushEvents(events));
    expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
    expectExactlyOnceInOrder(await b.store.allEvents(), expected);
  });

  it('refuses on one instance a nonce already spent on the other', async () => {
    const [a, b] = await twoInstances();
    const kiosk = openKiosk(tempDir('kiosk'));
    open.push(() => kiosk.close());
    await provision(kiosk, a);
    const body = JSON.stringify({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] });
    const request = signRequest(kiosk, a.url, 'POST', '/v1/heartbeat', body);
    expect((await sendRaw(request)).status).toBe(200);
    expect(await sendRaw({ ...request, url: request.url.replace(a.url, b.url) })).toMatchObject({ status: 401, json: { error: 'replay' } });
  });

  it('signs with one fleet key on both; a command queued through one is delivered by the other until acknowledged; one rollout is driven by both', async () => {
    const [a, b] = await twoInstances();
    expect(a.adminPublicKey).toBe(b.adminPublicKey);
    const kiosk = openKiosk(tempDir('kiosk'));
    open.push(() => kiosk.close());
    const kioskId = await provision(kiosk, a);
    const admin = async (platform: PlatformServer, method: string, route: string, body?: unknown) => {
      const res = await fetch(platform.url + route, { method, headers: { authorization: 'Bearer tok', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return (await res.json()) as Record<string, unknown>;
    };
    const { commandId } = (await admin(a, 'POST', '/admin/commands', { kioskId, action: { kind: 'flushQueue' } })) as { commandId: string };
    const beat = () => ({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] });
    const viaB = clientOn(kiosk, b.url);
    const [delivered] = unwrap(await viaB.heartbeat(beat())).commands.map((c) => SignedRemoteCommand.parse(c));
    expect(delivered?.commandId).toBe(commandId);
    expect(commandSignatureVerifies(delivered!, kiosk.stack.identity.registration()!.adminPublicKey)).toBe(true);
    expect(unwrap(await clientOn(kiosk, a.url).heartbeat({ ...beat(), receivedCommandIds: [commandId] })).commands).toEqual([]);
    expect(unwrap(await viaB.heartbeat(beat())).commands).toEqual([]);

    // A rollout created on one instance is read, paused and resumed on the other.
    await admin(a, 'POST', '/admin/bundles/config/sign', { payload: { ui: { idleWarningSeconds: 75 } } });
    const created = await admin(b, 'POST', '/admin/rollouts', { kind: 'config', version: 1, target: { kioskIds: [kioskId] }, rings: [{ percent: 100 }], soakSeconds: 0 });
    expect(await admin(a, 'POST', `/admin/rollouts/${String(created.rolloutId)}/pause`)).toMatchObject({ state: 'paused' });
    expect(await admin(b, 'POST', `/admin/rollouts/${String(created.rolloutId)}/resume`)).toMatchObject({ state: 'running' });
    expect(unwrap(await viaB.heartbeat(beat())).desired).toEqual({ configVersion: 1 });
  });
});
