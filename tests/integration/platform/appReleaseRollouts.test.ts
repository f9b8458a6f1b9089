// App releases rolled out like bundles (ADR 0016, docs/fleet.md "App releases"), over real HTTP on
// both stores: a release folder is uploaded and published only when complete, its files are
// served at the generic provider's URL once published and never change; an `app` rollout puts the
// release's version into the heartbeat answers of its ring; `fleet.appUpdateResult` events counted
// like bundle results — an applied canary advances the rollout, a refused one aborts it before
// the next ring and the other kiosks are never told.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { unwrap } from '../../../src-common/result';
import { APP_UPDATE_RESULT_KIND, APP_UPDATE_STREAM_KEY, type AppUpdateResultPayload } from '../../../src-common/wire/appUpdateEvents';
import type { RolloutStatus } from '../../../src-common/wire/fleetAdmin';
import type { HeartbeatResponse } from '../../../src-common/wire/wire';
import { generateAdminKey } from '../../../src-main/core/fleet/fleetKeys';
import { makeRelease, publishRelease } from '../../support/appRelease';
import { startTestPlatform } from '../../support/platformDatabase';
import { openKiosk, provision, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

const TOKEN = 'releases';

async function startPlatform(): Promise<{ platform: PlatformServer; admin: (method: string, route: string, body?: unknown) => Promise<{ status: number; json: Record<string, unknown> }> }> {
  const platform = await startTestPlatform({ dataDir: tempDir('platform'), adminToken: TOKEN, rolloutTickMs: 0 });
  open.push(() => platform.close());
  const admin = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(platform.url + route, { method, headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { platform, admin };
}

interface SimKiosk {
  readonly kiosk: KioskUnderTest;
  readonly id: string;
  beat(): Promise<HeartbeatResponse>;
  report(result: Pick<AppUpdateResultPayload, 'outcome' | 'version'> & { readonly reason?: string }): Promise<void>;
}

async function kioskOf(platform: PlatformServer, code: string): Promise<SimKiosk> {
  const kiosk = openKiosk(tempDir('kiosk'));
  open.push(() => kiosk.close());
  const id = await provision(kiosk, platform, code);
  let seq = 0;
  return {
    kiosk,
    id,
    beat: async () =>
      unwrap(
        await kiosk.client.heartbeat({
          sentAt: new Date().toISOString(),
          devices: [],
          queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null },
          versions: { app: '1.0.0', config: 't', configVersion: null, catalogVersion: null },
          diskFreeBytes: null,
          commandResults: [],
          site: { level: 'village', regionCode: '420222101201', hardware: [] },
        }),
      ),
    report: async ({ outcome, version, reason }) => {
      const base = { resultId: `${code}-${++seq}`, version, previousVersion: '1.0.0', detail: outcome, at: new Date().toISOString() };
      const payload = (outcome === 'applied' ? { ...base, outcome } : { ...base, outcome, reason }) as AppUpdateResultPayload;
      unwrap(kiosk.stack.outbox.enqueue({ streamKey: APP_UPDATE_STREAM_KEY, kind: APP_UPDATE_RESULT_KIND, payload }));
      expect(await kiosk.engine.flushNow()).toMatchObject({ kind: 'drained' });
    },
  };
}

describe('app releases', () => {
  it('publishes only a complete folder, serves its exact files once published, and never changes them', async () => {
    const { platform, admin } = await startPlatform();
    const key = generateAdminKey().key;
    const release = makeRelease('1.1.0', key);
    const put = (name: string, bytes: Uint8Array) => fetch(`${platform.url}/admin/releases/1.1.0/files/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });

    // The manifest without its signature: not publishable, and nothing is served.
    expect((await put('latest-linux.yml', release.files.get('latest-linux.yml')!)).status).toBe(200);
    const unsigned = await admin('POST', '/admin/releases/1.1.0/publish');
    expect(unsigned.status).toBe(409);
    expect(unsigned.json).toMatchObject({ error: 'incompleteRelease', message: expect.stringContaining('latest-linux.yml.sig') });
    expect((await fetch(`${platform.url}/v1/releases/1.1.0/latest-linux.yml`)).status).toBe(404);
    // With its signature but not the installer it names: still refused.
    expect((await put('latest-linux.yml.sig', release.files.get('latest-linux.yml.sig')!)).status).toBe(200);
    expect((await admin('POST', '/admin/releases/1.1.0/publish')).json).toMatchObject({ error: 'incompleteRelease', message: expect.stringContaining('Budayang-1.1.0.AppImage') });
    expect((await admin('POST', '/admin/releases/9.9.9/publish')).status).toBe(404);

    expect(await publishRelease(platform.url, TOKEN, release)).toBe(1);
    for (const [name, bytes] of release.files) {
      const served = await fetch(`${platform.url}/v1/releases/1.1.0/${name}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    }
    const again = await put('Budayang-1.1.0.AppImage', Buffer.from('swapped'));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe('releasePublished');
    expect((await fetch(`${platform.url}/v1/releases/1.1.0/../../admin/releases`)).status).toBe(404);
    expect((await admin('GET', '/admin/releases')).json.releases).toEqual([expect.objectContaining({ appVersion: '1.1.0', release: 1 })]);
  });

  it('publishes a browser-shell release only with its tarball\'s own signature', async () => {
    const { platform, admin } = await startPlatform();
    const release = makeRelease('1.2.0', generateAdminKey().key, { manifest: 'latest-browser-shell.yml' });
    const put = (name: string, bytes: Uint8Array) => fetch(`${platform.url}/admin/releases/1.2.0/files/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    for (const [name, bytes] of release.files) expect((await put(name, bytes)).status).toBe(200);
    expect((await admin('POST', '/admin/releases/1.2.0/publish')).json).toMatchObject({ error: 'incompleteRelease', message: expect.stringContaining('Budayang-1.2.0.AppImage.sig') });
    expect((await put('Budayang-1.2.0.AppImage.sig', Buffer.from('{}'))).status).toBe(200);
    expect((await admin('POST', '/admin/releases/1.2.0/publish')).json).toMatchObject({ appVersion: '1.2.0', release: 1 });
  });

  it('tells the canary the desired app version, advances on its applied result, and aborts on a refused one before the next ring', async () => {
    const { platform, admin } = await startPlatform();
    const key = generateAdminKey().key;
    const canary = await kioskOf(platform, 'VA01');
    const other = await kioskOf(platform, 'VA02');
    for (const k of [canary, other]) expect((await k.beat()).desired?.appVersion).toBeUndefined();
    const rollout = async (version: number) => {
      const created = await admin('POST', '/admin/rollouts', { kind: 'app', version, target: { kioskIds: [canary.id, other.id] }, rings: [{ kiosks: 1 }, { percent: 100 }], soakSeconds: 0 });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      return created.json.rolloutId as string;
    };
    const status = async (id: string) => (await admin('GET', `/admin/rollouts/${id}`)).json as unknown as RolloutStatus;
    const first = await publishRelease(platform.url, TOKEN, makeRelease('1.1.0', key));
    expect((await admin('POST', '/admin/rollouts', { kind: 'app', version: first + 1, target: { kioskIds: [canary.id] } })).json).toMatchObject({ error: 'unknownBundle' });

    // 1.1.0: the canary (heard from first) is told; it applies; the next ring is told.
    const good = await rollout(first);
    expect([(await canary.beat()).desired?.appVersion, (await other.beat()).desired?.appVersion]).toEqual(['1.1.0', undefined]);
    await canary.report({ outcome: 'applied', version: '1.1.0' });
    await platform.rollouts.tick(); // settled
    await platform.rollouts.tick(); // soak 0 passed: next ring
    expect((await other.beat()).desired?.appVersion).toBe('1.1.0');
    await other.report({ outcome: 'applied', version: '1.1.0' });
    await platform.rollouts.tick();
    await platform.rollouts.tick();
    expect(await status(good)).toMatchObject({ kind: 'app', version: first, state: 'completed', totals: { kiosks: 2, applied: 2, failed: 0 } });

    // 1.2.0: the canary refuses it (its signature does not verify); the rollout aborts, the other kiosk is never told.
    const second = await publishRelease(platform.url, TOKEN, makeRelease('1.2.0', key, { tamper: true }));
    expect(second).toBe(first + 1);
    const bad = await rollout(second);
    expect((await canary.beat()).desired?.appVersion).toBe('1.2.0');
    await canary.report({ outcome: 'refused', version: '1.2.0', reason: 'digestMismatch' });
    await platform.rollouts.tick();
    expect(await status(bad)).toMatchObject({ state: 'aborted', totals: { applied: 0, failed: 1 }, reason: expect.stringContaining('1 of 1') });
    expect((await other.beat()).desired?.appVersion).toBe('1.1.0');
    // A rollout of an older release is refused: kiosks never go back.
    expect((await admin('POST', '/admin/rollouts', { kind: 'app', version: first, target: { kioskIds: [canary.id] } })).json).toMatchObject({ error: 'versionNotNewer' });
  });
});
