// A kiosk cannot speak for another: a request naming kiosk A signed with kiosk B's key is refused,
// and an unknown kiosk id is refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, sendRaw, signRequest, startPlatform, tempDir, type KioskUnderTest } from '../../integration/sync/support/syncHarness';

const open: KioskUnderTest[] = [];
let platform: PlatformServer;
afterEach(async () => {
  for (const k of open.splice(0)) await k.close();
  await platform?.close();
});

describe('wrong kiosk key', () => {
  it('refuses a request signed by another kiosk or by an unregistered key', async () => {
    platform = await startPlatform(tempDir('platform'));
    const a = openKiosk(tempDir('kiosk'));
    const b = openKiosk(tempDir('kiosk'));
    const stranger = openKiosk(tempDir('kiosk'));
    open.push(a, b, stranger);
    const idA = await provision(a, platform, 'KIOSKA');
    await provision(b, platform, 'KIOSKB');
    const body = JSON.stringify({ sentAt: new Date().toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] });
    expect(await sendRaw(signRequest(b, platform.url, 'POST', '/v1/heartbeat', body, { kioskId: idA }))).toMatchObject({ status: 401, json: { error: 'badSignature' } });
    expect(await sendRaw(signRequest(stranger, platform.url, 'POST', '/v1/heartbeat', body, { kioskId: 'K-not-registered' }))).toMatchObject({ status: 401, json: { error: 'unknownKiosk' } });
    expect(await sendRaw(signRequest(a, platform.url, 'POST', '/v1/heartbeat', body))).toMatchObject({ status: 200 });
    expect(await platform.store.kiosks.status(idA)).toBeDefined();
  });
});
