// POST /v1/identity/verify on a real reference platform over HTTP, called by the kiosk's own signed
// client: the simulated authority matches the demo residents' face, refuses a stranger's, asks for
// another photo when there is no face to see, and knows no photo for a foreign permanent resident.
// Unsigned, malformed and oversized requests are refused before any comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityVerifyResponse, MAX_FACE_PHOTO_BASE64 } from '../../../src-common/wire/identityWire';
import { MATCH_THRESHOLD, REFERENCE_FACES } from '../../../platform/server/identity/referenceAuthority';
import type { PlatformServer } from '../../../platform/server/createPlatformServer';
import { faceJpeg } from '../../support/faceImages';
import { openKiosk, provision, startPlatform, tempDir, type KioskUnderTest } from '../sync/support/syncHarness';

/** The fixture cards' holders (drivers/idcard/idCardFixtures.ts). */
const WANG = { name: '王建国', idNumber: '420204198001010018' };
const FOREIGNER = { name: '约翰逊·艾米莉', idNumber: 'USA110085061501' };

let platform: PlatformServer;
let kiosk: KioskUnderTest;

beforeAll(async () => {
  platform = await startPlatform(tempDir('identity-platform'));
  kiosk = openKiosk(tempDir('identity-kiosk'));
  await provision(kiosk, platform);
});

afterAll(async () => {
  await kiosk.close();
  await platform.close();
});

const photoOf = (jpeg: Buffer) => ({ mimeType: 'image/jpeg' as const, base64: jpeg.toString('base64') });
const liveness = { verdict: 'notChecked' as const, checker: 'none' };

async function verify(holder: { name: string; idNumber: string }, jpeg: Buffer) {
  const answer = await kiosk.client.signed('POST', '/v1/identity/verify', { holder, photo: photoOf(jpeg), liveness }, IdentityVerifyResponse);
  if (!answer.ok) throw new Error(`verify failed: ${answer.error.kind}`);
  return answer.value;
}

describe('POST /v1/identity/verify', () => {
  it('matches the holder’s face, in any size the camera gives', async () => {
    expect(await verify(WANG, faceJpeg(REFERENCE_FACES.demoResident))).toEqual({ outcome: 'match', score: 1, threshold: MATCH_THRESHOLD });
    expect((await verify(WANG, faceJpeg(REFERENCE_FACES.demoResident, 640, 480))).outcome).toBe('match');
  });

  it('refuses another face with its score below the threshold', async () => {
    const answer = await verify(WANG, faceJpeg(REFERENCE_FACES.stranger));
    expect(answer.outcome).toBe('noMatch');
    expect(answer.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it('asks for another photo when the frame shows no face (a covered camera)', async () => {
    expect(await verify(WANG, faceJpeg('0000000000000000'))).toEqual({ outcome: 'noFace', score: 0, threshold: MATCH_THRESHOLD });
  });

  it('has no photo on record for a holder outside the authority’s records', async () => {
    expect((await verify(FOREIGNER, faceJpeg(REFERENCE_FACES.demoResident))).outcome).toBe('noReference');
  });

  it('refuses unsigned, malformed and oversized requests', async () => {
    const body = JSON.stringify({ holder: WANG, photo: photoOf(faceJpeg(REFERENCE_FACES.demoResident)), liveness });
    const unsigned = await fetch(`${platform.url}/v1/identity/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const png = await kiosk.client.signed('POST', '/v1/identity/verify', { holder: WANG, photo: { mimeType: 'image/png', base64: 'iVBORw0KGgoAAAANSUhEUgAA' }, liveness }, IdentityVerifyResponse);
    expect(png).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: 'invalid' } });
    const huge = await kiosk.client.signed('POST', '/v1/identity/verify', { holder: WANG, photo: { mimeType: 'image/jpeg', base64: 'A'.repeat(MAX_FACE_PHOTO_BASE64 + 8 * 1024) }, liveness }, IdentityVerifyResponse);
    expect(huge).toMatchObject({ ok: false, error: { kind: 'http', status: 413 } });
  });
});
