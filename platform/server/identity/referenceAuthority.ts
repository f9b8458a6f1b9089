// The simulated identity authority of the reference platform (人证核验, issue #16 item 16): which
// fixture identities it holds a photo for (by the SHA-256 of the ID number, so no number is
// written here), the signature of that photo, and the verdict on a live photo. A real platform
// calls the authority's service instead (ADR 0019); nothing of the request is kept.
import { createHash } from 'node:crypto';
import type { IdentityVerifyRequest, IdentityVerifyResponse } from '../../../src-common/wire/identityWire';
import { MIN_FACE_CONTRAST, signatureOfJpeg, similarity, type FaceSignature } from './faceSignature';

/** The faces the simulated authority knows, as 4×4 signatures (row by row). */
export const REFERENCE_FACES = {
  /** The demo residents' photo: the kiosk simulator has one camera feed, so they share one face. */
  demoResident: '0110' + '1001' + '1111' + '0110',
  /** A face on nobody's card: the e2e "someone else at the kiosk" feed. */
  stranger: '1001' + '1001' + '0110' + '1001',
} as const satisfies Record<string, FaceSignature>;

/**
 * Fixture identities with a photo on record (drivers/idcard/idCardFixtures.ts): the residents
 * and the Hong Kong/Macao/Taiwan permit holders. The foreign permanent residents are not in this
 * authority's records: their check ends with `noReference` (a window checks in person).
 */
const PHOTOS_ON_RECORD: ReadonlyMap<string, FaceSignature> = new Map([
  ['b3637b9ecac28dc8888400e5bb1303ba6ea664db6ff467b2cbd2a210ac47a899', REFERENCE_FACES.demoResident], // resident-wang
  ['9a6ab1bd56577c8646f8d567c400c606b9ac8e4d52f46a98b8d9b1f3e486c09f', REFERENCE_FACES.demoResident], // resident-chen
  ['0c45cfcf2ddf9cad8d94bb3c7d3d1e7d40633cfb437ca4a5dcddf52ba1e6c376', REFERENCE_FACES.demoResident], // resident-tsering
  ['404fafd8fe740e2a4402ff28604f0e53e1a2d7bba85612b576bca70ee260d62b', REFERENCE_FACES.demoResident], // permit-hk
  ['575e614d3e936522ff5917dd473e49c38f9ac36cdd38d086d2e29f1164b610d4', REFERENCE_FACES.demoResident], // permit-tw
]);

/** The similarity a match needs: 14 of 16 cells. */
export const MATCH_THRESHOLD = 0.875;

/** The authority's answer for one request: a verdict and a score, nothing remembered. */
export function verifyAgainstAuthority(request: IdentityVerifyRequest): IdentityVerifyResponse {
  const reference = PHOTOS_ON_RECORD.get(createHash('sha256').update(request.holder.idNumber).digest('hex'));
  if (!reference) return { outcome: 'noReference', score: 0, threshold: MATCH_THRESHOLD };
  const photo = Buffer.from(request.photo.base64, 'base64');
  try {
    const live = signatureOfJpeg(photo);
    // A photo that does not decode shows no usable face either: the citizen takes another.
    if (!live.ok || live.value.contrast < MIN_FACE_CONTRAST) return { outcome: 'noFace', score: 0, threshold: MATCH_THRESHOLD };
    const score = similarity(live.value.signature, reference);
    return { outcome: score >= MATCH_THRESHOLD ? 'match' : 'noMatch', score, threshold: MATCH_THRESHOLD };
  } finally {
    photo.fill(0);
  }
}
