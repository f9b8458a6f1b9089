// 人证核验 as a core module: needs the platform's identity-verification endpoint, uses a camera
// vendor's liveness check when a module provides one (else says it was not checked), serves
// FaceCheck.Verify and provides the service 取证 and applications ask before they go on.
import { defineModule } from '../composition/CoreModule';
import { PlatformClientId } from '../sync/PlatformClient';
import { registerFaceCheckApi } from './faceCheckApi';
import { FaceCheckService, FaceCheckServiceId, platformIdentityVerifier } from './FaceCheckService';
import { LivenessCheckId, NoVendorLivenessCheck } from './LivenessCheck';

export const faceCheckModule = defineModule({
  name: 'faceCheck',
  requires: { platform: PlatformClientId },
  optional: { liveness: LivenessCheckId },
  provides: { faceCheck: FaceCheckServiceId },
  start(ctx, { platform, liveness }) {
    const faceCheck = new FaceCheckService({ verifier: platformIdentityVerifier(platform), liveness: liveness ?? new NoVendorLivenessCheck(), log: ctx.log });
    registerFaceCheckApi(ctx, faceCheck);
    return { faceCheck };
  },
});
