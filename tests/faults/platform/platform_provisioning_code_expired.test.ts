// Fault: a provisioning code redeemed after it expired (today's codes are valid forever). It is
// refused with its reason; a fresh code works.
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { provisionKiosk } from '../../../src-main/core/sync/PlatformClient';
import { startTestPlatform } from '../../support/platformDatabase';
import { openKiosk, tempDir, type KioskUnderTest } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer | undefined;
let kiosk: KioskUnderTest | undefined;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('platform: provisioning code expired', () => {
  it('refuses a code past its expiry and accepts a fresh one', async () => {
    // The platform's clock: two hours ago when the code is made, now when the kiosk redeems it.
    let offsetMs = -2 * 3_600_000;
    platform = await startTestPlatform({ dataDir: tempDir('platform'), now: () => Date.now() + offsetMs, provisioningCodeTtlMs: 3_600_000 });
    kiosk = openKiosk(tempDir('kiosk'));
    const stale = await platform.createProvisioningCode();
    offsetMs = 0;
    const late = await provisionKiosk(kiosk.stack.identity, platform.url, { code: stale, kioskCode: 'TEST01', appVersion: 't' });
    expect(late).toMatchObject({ ok: false, error: { kind: 'http', status: 403, code: 'badCode', message: expect.stringMatching(/expired/) } });
    const fresh = await platform.createProvisioningCode();
    expect(await provisionKiosk(kiosk.stack.identity, platform.url, { code: fresh, kioskCode: 'TEST01', appVersion: 't' })).toMatchObject({ ok: true });
  });
});
