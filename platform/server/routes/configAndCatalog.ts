// GET /v1/catalog: the service catalog, pulled with If-None-Match (signed config and catalog
// bundles: routes/bundles.ts).
import crypto from 'node:crypto';
import { kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const configRoutes: PlatformRoutes = (app, ctx) => {
  app.get('/v1/catalog', kioskRoute(ctx), async (request, reply) => {
    const row = await ctx.store.reference.catalog();
    if (!row) return sendError(reply, 404, 'notFound', 'no catalog has been published', ctx.now());
    const etag = `"${crypto.createHash('sha256').update(row.body).digest('hex').slice(0, 16)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return { version: row.version, catalog: JSON.parse(row.body) as unknown };
  });
};
