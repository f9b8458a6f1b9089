// A kiosk whose clock is ten minutes behind is refused once, learns the platform's time from the
// answer, signs again and succeeds; the heartbeat reports the skew.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-common/logging';
import { unwrap } from '../../../src-common/result';
import { PlatformClient } from '../../../src-main/core/sync/PlatformClient';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { openKiosk, provision, startPlatform, tempDir, type KioskUnderTest } from '../../integration/sync/support/syncHarness';

let platform: PlatformServer;
let kiosk: KioskUnderTest;
afterEach(async () => {
  await kiosk?.close();
  await platform?.close();
});

describe('kiosk clock skew', () => {
  it('tolerates minutes of skew after one refusal and reports it', async () => {
    platform = await startPlatform(tempDir('platform'));
    kiosk = openKiosk(tempDir('kiosk'));
    await provision(kiosk, platform);
    const behind = { now: () => Date.now() - 10 * 60_000 };
    const client = new PlatformClient({ identity: kiosk.stack.identity, clock: behind });
    void silentLogger;
    const answer = unwrap(await client.caseStatus('DEMO01-20261120-0001'));
    expect(answer.status).toBe('inReview');
    expect(client.measuredClockSkewSeconds).toBeGreaterThanOrEqual(599);
    const beat = unwrap(
      await client.heartbeat({ sentAt: new Date(behind.now()).toISOString(), devices: [], queue: { pending: 0, deadLetter: 0, oldestPendingAgeSeconds: null }, versions: { app: 't', config: 't' }, diskFreeBytes: null, commandResults: [] }),
    );
    expect(beat.clockSkewSeconds).toBeGreaterThanOrEqual(599);
  });
});
