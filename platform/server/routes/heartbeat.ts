// POST /v1/heartbeat: device statuses, queue depth, versions, disk; the answer carries the
// clock skew and the remote commands queued for this kiosk (each delivered once). What the beat
// shows raises and clears the kiosk's heartbeat alerts (store/heartbeatStore.ts).
import { HeartbeatRequest } from '../../../src-common/wire/wire';
import { describeIssues, kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const heartbeatRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/heartbeat', kioskRoute(ctx), async (request, reply) => {
    const parsed = HeartbeatRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues, 500), ctx.now());
    const now = ctx.now();
    const commands = await ctx.store.heartbeats.record(request.kiosk!.id, parsed.data, new Date(now));
    return { serverTime: new Date(now).toISOString(), clockSkewSeconds: Math.round((now - Date.parse(parsed.data.sentAt)) / 1000), commands };
  });
};
