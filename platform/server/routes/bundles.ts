// Signed fleet bundles (docs/fleet.md): `PUT /admin/bundles/{kind}` publishes a bundle signed
// offline (`budayang admin sign`), `GET /v1/bundles/{kind}` serves a kiosk the bundle it should
// run, with an ETag. The kiosk verifies every bundle itself.
import { BundleKind } from '../../../src-common/wire/bundle';
import { PublishBundleRequest } from '../../../src-common/wire/admin';
import { adminRoute, describeIssues, kioskRoute, ROUTE_BODY_LIMITS, sendError, type PlatformRoutes } from '../routeContext';

export const bundleRoutes: PlatformRoutes = (app, ctx) => {
  app.get<{ Params: { kind: string } }>('/v1/bundles/:kind', kioskRoute(ctx), async (request, reply) => {
    const kind = BundleKind.safeParse(request.params.kind);
    if (!kind.success) return sendError(reply, 404, 'unknownKind', 'bundle kinds are config and catalog', ctx.now());
    const version = await ctx.store.bundles.newestVersion(kind.data);
    const stored = version === undefined ? undefined : await ctx.store.bundles.text(kind.data, version);
    if (!stored) return sendError(reply, 404, 'noBundle', `no ${kind.data} bundle has been published`, ctx.now());
    const etag = `"${kind.data}-${version}-${stored.sha256.slice(0, 16)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json').send(stored.text);
  });

  app.put<{ Params: { kind: string } }>('/admin/bundles/:kind', { ...adminRoute(ctx, 'config.publish'), bodyLimit: ROUTE_BODY_LIMITS.bundle }, async (request, reply) => {
    const parsed = PublishBundleRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', `body must be a signed bundle (budayang admin sign): ${describeIssues(parsed.error.issues)}`, ctx.now());
    if (parsed.data.kind !== request.params.kind) return sendError(reply, 400, 'invalidRequest', `the bundle is a ${parsed.data.kind}, the path says ${request.params.kind}`, ctx.now());
    const result = await ctx.store.bundles.publish(parsed.data, new Date(ctx.now()));
    if ('refused' in result) return sendError(reply, 409, result.refused.kind, `v${result.refused.newest} is published; a new bundle needs a higher version`, ctx.now());
    return { kind: result.published.kind, version: result.published.version, keyId: result.published.keyId };
  });
};
