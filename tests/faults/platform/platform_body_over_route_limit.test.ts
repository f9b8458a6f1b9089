// Fault: bodies bigger than their route needs. Each route has its own limit (provisioning 4 KB,
// admin 16 KB, other kiosk calls 64 KB, event pushes 16 MB), refused with 413 on the declared
// length before the body is read; inside a push, one event over the per-event cap is rejected
// alone and its neighbours are stored.
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../../src-common/wire/wire';
import { ROUTE_BODY_LIMITS } from '../../../platform/server/routeContext';
import { sendRaw, signRequest } from '../../integration/sync/support/syncHarness';
import { requestWithUnfinishedBody, startRig, syntheticEvent } from './support/platformRig';

describe('platform: body over the route limit', () => {
  it('refuses provisioning, admin and heartbeat bodies past their limits with 413, unread', async () => {
    const { platform, kiosk } = await startRig();
    expect(await requestWithUnfinishedBody(`${platform.url}/v1/provision`, {}, ROUTE_BODY_LIMITS.provision + 1, 1024)).toMatchObject({ status: 413, json: { error: 'tooLarge' } });
    const admin = { authorization: `Bearer ${platform.adminToken}` };
    expect(await requestWithUnfinishedBody(`${platform.url}/admin/commands`, admin, ROUTE_BODY_LIMITS.admin + 1, 1024)).toMatchObject({ status: 413, json: { error: 'tooLarge' } });
    // A correctly signed heartbeat that is simply too big.
    const body = JSON.stringify({ pad: 'x'.repeat(ROUTE_BODY_LIMITS.kiosk) });
    expect(await sendRaw(signRequest(kiosk, platform.url, 'POST', '/v1/heartbeat', body))).toMatchObject({ status: 413, json: { error: 'tooLarge' } });
  });

  it('rejects one event over the per-event cap alone and stores the rest of its push', async () => {
    const { platform, push } = await startRig();
    const big = syntheticEvent('case:BIG', 1, { blob: 'b'.repeat(MAX_EVENT_BYTES + 1) });
    const before = syntheticEvent('case:OK', 1);
    const after = syntheticEvent('case:OK', 2);
    const answer = await push([before, big, after]);
    expect(answer.status).toBe(200);
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(answer.results[1]).toMatchObject({ retryable: false, reason: expect.stringMatching(/^tooLarge: /) });
    expect(await platform.store.events.count()).toBe(2);
  });
});
