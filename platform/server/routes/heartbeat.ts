// POST /v1/heartbeat: device statuses, queue depth, versions, disk; the answer carries the clock
// skew, the signed remote commands queued for this kiosk (delivered in every answer until the
// kiosk lists them as received) and the bundle versions it should run (docs/fleet.md).
import { HeartbeatRequest, type HeartbeatResponse } from '../../../src-common/wire/wire';
import { describeIssues, kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

export const heartbeatRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/heartbeat', kioskRoute(ctx), async (request, reply) => {
    const parsed = HeartbeatRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues, 500), ctx.now());
    const now = ctx.now();
    const kioskId = request.kiosk!.id;
    await ctx.store.kiosks.recordHeartbeat(kioskId, parsed.data, new Date(now));
    const commands = await ctx.store.commands.deliver(kioskId, parsed.data.receivedCommandIds ?? [], new Date(now));
    // The device twin: what it reports is recorded, what a rollout wants it to run is answered.
    const desired = await ctx.store.fleetKiosks.report(kioskId, parsed.data, new Date(now));
    const answer: HeartbeatResponse = {
      serverTime: new Date(now).toISOString(),
      clockSkewSeconds: Math.round((now - Date.parse(parsed.data.sentAt)) / 1000),
      commands,
      ...(desired.configVersion !== undefined || desired.catalogVersion !== undefined ? { desired } : {}),
    };
    return answer;
  });
};
