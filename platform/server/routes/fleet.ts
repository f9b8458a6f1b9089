// The fleet console's reads and kiosk tags (platform/api/fleet.ts): liveness counts, the
// filtered kiosk list, one kiosk's devices, consumables, queue and versions, its recent events
// (kind, stream and times only), and setting its tags. Offline = 3 heartbeat intervals silent.
import { fleetFacets, fleetOverview, kioskDetail, kioskEvents, listKiosks, setKioskTags } from '../../api/fleet';
import { refuse, registerAdminEndpoint } from '../admin/adminEndpoint';
import { devicesOf, diskFreeOf, heartbeatProblems, offlineAfterMs, queueOf, selfTestsOf, versionsOf } from '../fleet/kioskHealth';
import type { PlatformRoutes } from '../routeContext';

export const fleetRoutes: PlatformRoutes = (app, ctx) => {
  const { fleet } = ctx.store;
  const offlineAfter = offlineAfterMs(ctx.heartbeatSeconds);
  const cutoff = () => new Date(ctx.now() - offlineAfter);

  registerAdminEndpoint(app, ctx, fleetOverview, async ({ query }) => ({
    ...(await fleet.overview(query.region, cutoff(), new Date(ctx.now()))),
    offlineAfterSeconds: offlineAfter / 1000,
  }));

  registerAdminEndpoint(app, ctx, fleetFacets, async () => fleet.facets());

  registerAdminEndpoint(app, ctx, listKiosks, async ({ query }) => {
    const { after, limit, ...filter } = query;
    const page = await fleet.list(filter, { ...(after ? { after } : {}), ...(limit !== undefined ? { limit } : {}) }, cutoff());
    return {
      kiosks: page.kiosks.map(({ lastHeartbeatTime: _time, ...summary }) => summary),
      nextAfter: page.kiosks.at(-1)?.kioskId ?? null,
      total: page.total,
    };
  });

  registerAdminEndpoint(app, ctx, kioskDetail, async ({ params }) => {
    const kiosk = await fleet.kiosk(params.kioskId, cutoff());
    if (!kiosk) return refuse(404, 'notFound', `no kiosk ${params.kioskId}`);
    const beat = kiosk.lastHeartbeat;
    return {
      kioskId: kiosk.kioskId,
      kioskCode: kiosk.kioskCode,
      createdAt: kiosk.createdAt,
      appVersion: kiosk.appVersion,
      tags: kiosk.tags,
      status: kiosk.status,
      offlineAfterSeconds: offlineAfter / 1000,
      lastHeartbeatAt: kiosk.lastHeartbeatAt,
      problems: heartbeatProblems(beat),
      devices: devicesOf(beat),
      queue: queueOf(beat),
      versions: versionsOf(beat),
      diskFreeBytes: diskFreeOf(beat),
      selfTests: selfTestsOf(beat),
    };
  });

  registerAdminEndpoint(app, ctx, kioskEvents, async ({ params, query }) => {
    if (!(await ctx.store.kiosks.byId(params.kioskId))) return refuse(404, 'notFound', `no kiosk ${params.kioskId}`);
    const events = await fleet.events(params.kioskId, { ...(query.before !== undefined ? { before: query.before } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) });
    return { events, nextBefore: events.at(-1)?.seq ?? null };
  });

  registerAdminEndpoint(app, ctx, setKioskTags, async ({ params, body }, request) => {
    request.auditNote = { target: `kiosk:${params.kioskId}`, detail: { ...body } };
    const tags = await fleet.setTags(params.kioskId, body);
    return tags ?? refuse(404, 'notFound', `no kiosk ${params.kioskId}`);
  });
};
