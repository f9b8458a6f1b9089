// 人证核验 for kiosks (POST /v1/identity/verify): the kiosk-signed request carries the card's
// identity and one live photo; the simulated authority (identity/referenceAuthority.ts) answers
// with a verdict and a score. Stateless: nothing of the request is stored or logged (ADR 0019).
import { IdentityVerifyRequest } from '../../../src-common/wire/identityWire';
import { verifyAgainstAuthority } from '../identity/referenceAuthority';
import { describeIssues, kioskRoute, ROUTE_BODY_LIMITS, sendError, type PlatformRoutes } from '../routeContext';

export const identityVerificationRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/identity/verify', kioskRoute(ctx, ROUTE_BODY_LIMITS.identityVerification), async (request, reply) => {
    const parsed = IdentityVerifyRequest.safeParse(request.body);
    // The issues name paths and rules, never the values (the photo, the ID number).
    if (!parsed.success) return sendError(reply, 400, 'invalid', describeIssues(parsed.error.issues), ctx.now());
    return verifyAgainstAuthority(parsed.data);
  });
};
