// FaceCheck.Verify: the screen's live photo (base64 JPEG) decoded into buffers the service wipes
// after the answer. Only the active session's card is ever compared.
import { apiError } from '../../../src-common/api/envelope';
import { err } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { FaceCheckService } from './FaceCheckService';

export function registerFaceCheckApi(ctx: CoreContext, service: FaceCheckService): void {
  ctx.router.register('FaceCheck.Verify', async (input) => {
    const session = ctx.sessions.active;
    if (!session) return err(apiError('sequenceError', 'noCardRead', 'the session ended before the face check'));
    return service.verify(session, { photo: Buffer.from(input.photo.base64, 'base64'), frames: input.frames.map((frame) => Buffer.from(frame, 'base64')) });
  });
}
