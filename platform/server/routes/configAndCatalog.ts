// GET /v1/config and GET /v1/catalog: pulled by kiosks with If-None-Match; config bundles are
// signed by the admin key the kiosk pinned at provisioning.
import crypto from 'node:crypto';
import { requireKiosk, sendError, type PlatformRoutes } from '../routeContext';

export const configRoutes: PlatformRoutes = (app, ctx) => {
  app.get('/v1/config', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const row = ctx.store.db.prepare('SELECT version, config_id, body, signature, published_at FROM configs ORDER BY version DESC LIMIT 1').get() as
      | { version: number; config_id: string; body: string; signature: string; published_at: string }
      | undefined;
    if (!row) return sendError(reply, 404, 'noConfig', 'no config has been published');
    const etag = `"config-${row.version}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return { configId: row.config_id, version: row.version, publishedAt: row.published_at, body: row.body, signature: row.signature };
  });

  app.get('/v1/catalog', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const row = ctx.store.db.prepare('SELECT version, body FROM catalog WHERE id = 1').get() as { version: string; body: string };
    const etag = `"${crypto.createHash('sha256').update(row.body).digest('hex').slice(0, 16)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return { version: row.version, catalog: JSON.parse(row.body) as unknown };
  });
};
