// Signed fleet bundles (docs/fleet.md): `GET /v1/bundles/{kind}` (and `GET /v1/catalog`) serve a
// kiosk the bundle its twin says it should run, with an ETag; `PUT /admin/bundles/{kind}`
// publishes a bundle a security officer signed offline (`budayang admin sign`), `POST
// /admin/bundles/{kind}/sign` one the platform signs with its online fleet key. Publishing
// delivers nothing: a rollout decides which kiosks get it. Kiosks verify every bundle themselves.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BundleKind } from '../../../src-common/wire/bundle';
import { PublishBundleRequest } from '../../../src-common/wire/admin';
import { SignBundleRequest } from '../../../src-common/wire/fleetAdmin';
import { signBundle } from '../fleet/fleetSigning';
import { adminRoute, describeIssues, kioskRoute, ROUTE_BODY_LIMITS, sendError, type PlatformRouteContext, type PlatformRoutes } from '../routeContext';

/** Answers with the bundle of `kind` the kiosk should run (304 when its ETag still matches). */
async function serveDesired(ctx: PlatformRouteContext, request: FastifyRequest, reply: FastifyReply, kind: BundleKind): Promise<FastifyReply> {
  const version = await ctx.store.fleetKiosks.desiredVersion(request.kiosk!.id, kind);
  const stored = version === undefined ? undefined : await ctx.store.bundles.text(kind, version);
  if (!stored) return sendError(reply, 404, 'noBundle', `no ${kind} bundle is meant for this kiosk`, ctx.now());
  const etag = `"${kind}-${version}-${stored.sha256.slice(0, 16)}"`;
  reply.header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('application/json').send(stored.text);
}

export const bundleRoutes: PlatformRoutes = (app, ctx) => {
  app.get<{ Params: { kind: string } }>('/v1/bundles/:kind', kioskRoute(ctx), async (request, reply) => {
    const kind = BundleKind.safeParse(request.params.kind);
    if (!kind.success) return sendError(reply, 404, 'unknownKind', 'bundle kinds are config and catalog', ctx.now());
    return serveDesired(ctx, request, reply, kind.data);
  });

  // The service catalog is the signed catalog bundle (the same answer as /v1/bundles/catalog).
  app.get('/v1/catalog', kioskRoute(ctx), async (request, reply) => serveDesired(ctx, request, reply, 'catalog'));

  app.put<{ Params: { kind: string } }>('/admin/bundles/:kind', { ...adminRoute(ctx, 'config.publish'), bodyLimit: ROUTE_BODY_LIMITS.bundle }, async (request, reply) => {
    const parsed = PublishBundleRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', `body must be a signed bundle (budayang admin sign): ${describeIssues(parsed.error.issues)}`, ctx.now());
    if (parsed.data.kind !== request.params.kind) return sendError(reply, 400, 'invalidRequest', `the bundle is a ${parsed.data.kind}, the path says ${request.params.kind}`, ctx.now());
    const result = await ctx.store.bundles.publish(parsed.data, new Date(ctx.now()));
    if ('refused' in result) return sendError(reply, 409, result.refused.kind, `v${result.refused.newest} is published; a new bundle needs a higher version`, ctx.now());
    return result.published;
  });

  app.post<{ Params: { kind: string } }>('/admin/bundles/:kind/sign', { ...adminRoute(ctx, 'config.publish'), bodyLimit: ROUTE_BODY_LIMITS.bundle }, async (request, reply) => {
    const kind = BundleKind.safeParse(request.params.kind);
    const parsed = SignBundleRequest.safeParse(request.body);
    if (!kind.success) return sendError(reply, 400, 'invalidRequest', 'bundle kinds are config and catalog', ctx.now());
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', `body must be { payload, version? }: ${describeIssues(parsed.error.issues)}`, ctx.now());
    const version = parsed.data.version ?? ((await ctx.store.bundles.newestVersion(kind.data)) ?? 0) + 1;
    const bundle = signBundle(kind.data, version, parsed.data.payload, ctx.signer);
    if (!bundle.ok) return sendError(reply, 400, 'invalidRequest', `the payload cannot be signed: ${bundle.error}`, ctx.now());
    const result = await ctx.store.bundles.publish(bundle.value, new Date(ctx.now()));
    if ('refused' in result) return sendError(reply, 409, result.refused.kind, `v${result.refused.newest} is published; a new bundle needs a higher version`, ctx.now());
    return result.published;
  });

};
