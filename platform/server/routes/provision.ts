// POST /v1/provision: a kiosk redeems a one-time code and registers its Ed25519 public key.
// The body is signed with the key it carries (proof of possession).
import { ProvisionRequest } from '../../../src-common/wire/wire';
import { checkClock, verifySignature } from '../kioskAuth';
import { sendError, type PlatformRoutes } from '../routeContext';

export const provisionRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/provision', async (request, reply) => {
    const parsed = ProvisionRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const parts = { method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody ?? '' };
    if (!checkClock(parts, ctx.now())) return sendError(reply, 401, 'clockSkew', 'the kiosk clock is too far from the platform clock', ctx.now());
    if (!verifySignature(parsed.data.publicKey, parts)) return sendError(reply, 401, 'badSignature', 'the request is not signed by the key it registers');
    const redeemed = ctx.store.redeemCode(parsed.data.code, parsed.data.kioskCode, parsed.data.publicKey, parsed.data.appVersion);
    if ('error' in redeemed) return sendError(reply, 403, 'badCode', redeemed.error);
    return { kioskId: redeemed.kioskId, adminPublicKey: ctx.adminKey.publicKey, serverTime: new Date(ctx.now()).toISOString() };
  });
};
