// POST /v1/heartbeat: device statuses, queue depth, versions, disk; the answer carries the clock
// skew, the signed remote commands queued for this kiosk (delivered in every answer until the
// kiosk lists them as received) and the bundle versions it should run (docs/fleet.md). What the
// beat shows raises and clears the kiosk's heartbeat alerts (store/heartbeatStore.ts).
import { HeartbeatRequest, type HeartbeatResponse } from '../../../src-common/wire/wire';
import { describeIssues, kioskRouteSpendingNonce, sendError, sendReplay, signedNonceOf, type PlatformRoutes } from '../routeContext';

export const heartbeatRoutes: PlatformRoutes = (app, ctx) => {
  // The nonce is spent in the statement that records the beat (one round trip on the hottest path).
  app.post('/v1/heartbeat', kioskRouteSpendingNonce(ctx), async (request, reply) => {
    const parsed = HeartbeatRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues, 500), ctx.now());
    const now = ctx.now();
    const kioskId = request.kiosk!.id;
    const recorded = await ctx.store.heartbeats.record(kioskId, parsed.data, new Date(now), signedNonceOf(request, now));
    if (recorded.kind === 'replay') return sendReplay(reply, now);
    // The device twin: what it reports is recorded, what a rollout wants it to run is answered.
    const desired = await ctx.store.fleetKiosks.report(kioskId, parsed.data, new Date(now));
    const answer: HeartbeatResponse = {
      serverTime: new Date(now).toISOString(),
      clockSkewSeconds: Math.round((now - Date.parse(parsed.data.sentAt)) / 1000),
      commands: recorded.commands,
      ...(desired.configVersion !== undefined || desired.catalogVersion !== undefined ? { desired } : {}),
    };
    return answer;
  });
};
