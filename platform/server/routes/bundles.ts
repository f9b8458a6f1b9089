// Signed fleet bundles (docs/fleet.md), the smallest serving the kiosk side needs until the
// platform's rollouts (issue #11 item 5) decide per kiosk: `PUT /admin/bundles/{kind}` publishes a
// bundle signed offline (`budayang admin sign`), `GET /v1/bundles/{kind}` serves the newest to
// every kiosk with an ETag. One file per kind in `<dataDir>/bundles/`; the kiosk verifies it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Bundle, BundleKind } from '../../../src-common/wire/bundle';
import { PublishBundleRequest } from '../../../src-common/wire/admin';
import { requireAdmin, requireKiosk, sendError, type PlatformRouteContext, type PlatformRoutes } from '../routeContext';

function bundleFile(ctx: PlatformRouteContext, kind: BundleKind): string {
  return path.join(ctx.dataDir, 'bundles', `${kind}.json`);
}

/** The published bundle of a kind, if any. */
export function publishedBundle(ctx: PlatformRouteContext, kind: BundleKind): Bundle | undefined {
  try {
    const parsed = Bundle.safeParse(JSON.parse(fs.readFileSync(bundleFile(ctx, kind), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const bundleRoutes: PlatformRoutes = (app, ctx) => {
  app.get<{ Params: { kind: string } }>('/v1/bundles/:kind', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const kind = BundleKind.safeParse(request.params.kind);
    if (!kind.success) return sendError(reply, 404, 'unknownKind', 'bundle kinds are config and catalog');
    const file = bundleFile(ctx, kind.data);
    if (!fs.existsSync(file)) return sendError(reply, 404, 'noBundle', `no ${kind.data} bundle has been published`);
    const text = fs.readFileSync(file, 'utf8');
    const etag = `"${kind.data}-${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/json').send(text);
  });

  app.put<{ Params: { kind: string } }>('/admin/bundles/:kind', { preHandler: requireAdmin(ctx) }, async (request, reply) => {
    const parsed = PublishBundleRequest.safeParse(request.body);
    if (!parsed.success || parsed.data.kind !== request.params.kind) return sendError(reply, 400, 'invalidRequest', 'body must be a bundle of the kind in the path (budayang admin sign)');
    const current = publishedBundle(ctx, parsed.data.kind);
    if (current && parsed.data.version <= current.version) return sendError(reply, 409, 'versionNotNewer', `v${current.version} is published; a new bundle needs a higher version`);
    fs.mkdirSync(path.dirname(bundleFile(ctx, parsed.data.kind)), { recursive: true, mode: 0o700 });
    const tmp = `${bundleFile(ctx, parsed.data.kind)}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(parsed.data));
    fs.renameSync(tmp, bundleFile(ctx, parsed.data.kind));
    return { kind: parsed.data.kind, version: parsed.data.version };
  });
};
