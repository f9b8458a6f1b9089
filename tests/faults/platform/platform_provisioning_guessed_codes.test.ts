// Fault: someone guesses provisioning codes as fast as the platform answers (today nothing stops
// them). Attempts are counted per client address in the database, shared by every instance:
// past the limit the platform answers 429 with Retry-After, before reading the body.
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

describe('platform: provisioning codes guessed', () => {
  it('answers 429 once an address has used its attempts for the minute, even with a valid code', async () => {
    platform = await startTestPlatform({ dataDir: tempDir('platform'), provisioningAttemptsPerMinute: 5 });
    kiosk = openKiosk(tempDir('kiosk'));
    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push(await provisionKiosk(kiosk.stack.identity, platform.url, { code: `GUESS${String(i).padStart(7, '0')}`, kioskCode: 'TEST01', appVersion: 't' }));
    for (const g of guesses) expect(g).toMatchObject({ ok: false, error: { status: 403, code: 'badCode' } });
    const real = await platform.createProvisioningCode();
    const limited = await provisionKiosk(kiosk.stack.identity, platform.url, { code: real, kioskCode: 'TEST01', appVersion: 't' });
    expect(limited).toMatchObject({ ok: false, error: { kind: 'http', status: 429, code: 'rateLimited', retryAfterMs: expect.any(Number) } });
  });
});
