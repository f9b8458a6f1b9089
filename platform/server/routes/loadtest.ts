// Provisioning for load tests (issue #12 item 6): registers up to 1,000 kiosk public keys in one
// admin request, so 10,000 simulated kiosks get their own Ed25519 identities in seconds instead of
// 10,000 code redemptions (which the per-address rate limit would rightly refuse). Refused unless
// the platform was started with `allowBulkProvisioning` (`platform serve --allow-bulk-provisioning`).
import { z } from 'zod';
import { adminRoute, describeIssues, ROUTE_BODY_LIMITS, sendError, type PlatformRoutes } from '../routeContext';

export const MAX_BULK_KIOSKS = 1000;

const BulkKiosksRequest = z.object({
  kiosks: z
    .array(z.object({ kioskCode: z.string().regex(/^[A-Z0-9]{2,16}$/), publicKey: z.string().min(40).max(200) }))
    .min(1)
    .max(MAX_BULK_KIOSKS),
  appVersion: z.string().max(50).default('loadtest'),
});

export const loadtestRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/admin/loadtest/kiosks', { ...adminRoute(ctx), bodyLimit: ROUTE_BODY_LIMITS.bulkProvisioning }, async (request, reply) => {
    if (!ctx.allowBulkProvisioning) return sendError(reply, 403, 'disabled', 'bulk provisioning is for load tests: start the platform with --allow-bulk-provisioning', ctx.now());
    const parsed = BulkKiosksRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    return { kioskIds: await ctx.store.kiosks.registerMany(parsed.data.kiosks, parsed.data.appVersion, new Date(ctx.now())) };
  });
};
