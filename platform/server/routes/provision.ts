// POST /v1/provision: a kiosk redeems a one-time code and registers its Ed25519 public key.
// The body is signed with the key it carries (proof of possession), so it must be read before
// the signature can be checked: the body limit is a few KB and attempts are rate-limited per
// client address (shared by every instance), and codes expire.
import { ProvisionRequest } from '../../../src-common/wire/wire';
import { checkClock, sha256Hex, verifySignature } from '../kioskAuth';
import { describeIssues, ROUTE_BODY_LIMITS, sendError, type PlatformRoutes } from '../routeContext';

const REFUSALS = {
  unknownCode: 'unknown provisioning code',
  expiredCode: 'this provisioning code has expired; ask for a new one',
  usedCode: 'provisioning code already used',
} as const;

export const provisionRoutes: PlatformRoutes = (app, ctx) => {
  app.post(
    '/v1/provision',
    {
      bodyLimit: ROUTE_BODY_LIMITS.provision,
      // Counted before the body is read: a flood of attempts costs one counter row each.
      onRequest: async (request, reply) => {
        const allowed = await ctx.store.kiosks.takeRateLimit(`provision:${request.ip}`, new Date(ctx.now()), 60_000, ctx.provisioningAttemptsPerMinute);
        if (!allowed) {
          reply.header('retry-after', '60');
          return sendError(reply, 429, 'rateLimited', 'too many provisioning attempts from this address; try again in a minute', ctx.now());
        }
        return undefined;
      },
    },
    async (request, reply) => {
      const parsed = ProvisionRequest.safeParse(request.body);
      if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
      const parts = { method: request.method, url: request.url, headers: request.headers };
      if (!checkClock(parts, ctx.now())) return sendError(reply, 401, 'clockSkew', 'the kiosk clock is too far from the platform clock', ctx.now());
      if (!verifySignature(parsed.data.publicKey, parts, sha256Hex(request.rawBody ?? ''))) {
        return sendError(reply, 401, 'badSignature', 'the request is not signed by the key it registers', ctx.now());
      }
      const redeemed = await ctx.store.kiosks.redeemCode(parsed.data.code, parsed.data.kioskCode, parsed.data.publicKey, parsed.data.appVersion, new Date(ctx.now()));
      if ('refusal' in redeemed) return sendError(reply, 403, 'badCode', REFUSALS[redeemed.refusal], ctx.now());
      return { kioskId: redeemed.kioskId, adminPublicKey: ctx.signer.publicKey, serverTime: new Date(ctx.now()).toISOString() };
    },
  );
};
