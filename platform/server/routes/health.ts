// GET /v1/health: unauthenticated liveness, used by kiosks as a cheap reachability probe.
import type { PlatformRoutes } from '../routeContext';

export const healthRoutes: PlatformRoutes = (app, ctx) => {
  app.get('/v1/health', async () => ({ ok: true, serverTime: new Date(ctx.now()).toISOString() }));
};
