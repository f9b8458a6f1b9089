// Fault: a 31 MB body with no valid kiosk signature (today's main reads and parses all of it,
// six in parallel cost 591 MB). The platform refuses on the headers alone: it answers 401 while
// the client has sent 64 KB, and never reads the rest.
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADERS } from '../../../src-common/wire/wire';
import { requestWithUnfinishedBody, startRig } from './support/platformRig';

const HUGE = 31 * 1024 * 1024;

describe('platform: unsigned huge body', () => {
  it('refuses six 31 MB pushes without a signature before reading their bodies', async () => {
    const { platform } = await startRig();
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestWithUnfinishedBody(`${platform.url}/v1/events`, {}, HUGE)));
    for (const answer of answers) expect(answer).toMatchObject({ status: 401, json: { error: 'unsigned' } });
  });

  it('refuses a 31 MB push whose signature does not verify, before reading its body', async () => {
    const { platform, kioskId } = await startRig();
    const forged = {
      [SIGNATURE_HEADERS.kioskId]: kioskId,
      [SIGNATURE_HEADERS.timestamp]: new Date().toISOString(),
      [SIGNATURE_HEADERS.nonce]: 'n-forged-0001',
      [SIGNATURE_HEADERS.signature]: Buffer.alloc(64, 7).toString('base64'),
      [SIGNATURE_HEADERS.contentSha256]: 'a'.repeat(64),
    };
    expect(await requestWithUnfinishedBody(`${platform.url}/v1/events`, forged, HUGE)).toMatchObject({ status: 401, json: { error: 'badSignature' } });
    // An admin route refuses a missing token the same way.
    expect(await requestWithUnfinishedBody(`${platform.url}/admin/commands`, {}, HUGE)).toMatchObject({ status: 401, json: { error: 'unauthorized' } });
    expect(await platform.store.events.count()).toBe(0);
  });
});
