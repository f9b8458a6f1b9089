// A captured request sent again is refused (nonce seen), and one whose timestamp is outside the
// skew window is refused even with a fresh nonce.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, sendRaw, signRequest, startPlatform, tempDir, type KioskUnderTest } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('replayed request', () => {
  it('accepts a signed request once and refuses its replay', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    await provision(kiosk, platform);
    const signed = signRequest(kiosk, platform.url, 'GET', '/v1/cases/DEMO01-20261120-0001', '');
    const plain = { ...signed, headers: Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k !== 'content-type')) };
    expect((await sendRaw(plain, { body: undefined as never })).status).toBe(200);
    expect(await sendRaw(plain, { body: undefined as never })).toMatchObject({ status: 401, json: { error: 'replay' } });

    const stale = signRequest(kiosk, platform.url, 'GET', '/v1/cases/DEMO01-20261120-0001', '', { timestamp: new Date(Date.now() - 20 * 60_000).toISOString() });
    const staleAnswer = await sendRaw({ ...stale, headers: Object.fromEntries(Object.entries(stale.headers).filter(([k]) => k !== 'content-type')) }, { body: undefined as never });
    expect(staleAnswer).toMatchObject({ status: 401, json: { error: 'clockSkew' } });
    expect(Date.parse(staleAnswer.json.serverTime!)).toBeGreaterThan(Date.now() - 60_000);
  });
});
