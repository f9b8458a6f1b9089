// The fleet's admin API for scripts (docs/fleet.md, "Rollouts"; a session, API token or the
// instance token, checked before the body is read): kiosks with their twin, setting a group, a
// kiosk's commands oldest first. Rollouts, group lists and commands for the console are declared
// endpoints (routes/rollouts.ts); tags are the console's `PUT /admin/kiosks/{kioskId}/tags`.
import { z } from 'zod';
import type { TargetSelector } from '../../../src-common/wire/fleetAdmin';
import { GroupName, PutGroupRequest } from '../../../src-common/wire/fleetAdmin';
import { adminRoute, describeIssues, sendError, type PlatformRoutes } from '../routeContext';

const KioskListQuery = z.object({ group: GroupName.optional(), after: z.string().max(200).optional(), limit: z.string().max(20).optional() });

export const fleetAdminRoutes: PlatformRoutes = (app, ctx) => {
  const read = adminRoute(ctx, 'fleet.read');
  const publish = adminRoute(ctx, 'config.publish');
  const store = ctx.store;
  const now = () => new Date(ctx.now());

  app.get('/admin/fleet/kiosks', read, async (request, reply) => {
    const query = KioskListQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', 'query must be [group=NAME][&after=KIOSK_ID][&limit=N]', ctx.now());
    let selectors: Array<Omit<TargetSelector, 'group'>> = [];
    if (query.data.group) {
      const expanded = await store.fleetKiosks.expand({ group: query.data.group });
      if ('refused' in expanded) return sendError(reply, 404, 'unknownGroup', `no group named ${query.data.group}`, ctx.now());
      selectors = expanded.selectors;
    }
    const kiosks = await store.fleetKiosks.list({ selectors, ...(query.data.after ? { afterId: query.data.after } : {}), limit: Number(query.data.limit ?? 100) || 100 });
    return { kiosks, nextAfter: kiosks.length > 0 ? kiosks.at(-1)!.kioskId : null };
  });

  app.get<{ Params: { kioskId: string } }>('/admin/fleet/kiosks/:kioskId/commands', read, async (request) => ({ commands: await store.commands.list(request.params.kioskId) }));

  app.put<{ Params: { name: string } }>('/admin/fleet/groups/:name', publish, async (request, reply) => {
    const name = GroupName.safeParse(request.params.name);
    const parsed = PutGroupRequest.safeParse(request.body);
    if (!name.success) return sendError(reply, 400, 'invalidRequest', 'a group name is 1–60 of a-z 0-9 . _ -', ctx.now());
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    await store.fleetKiosks.putGroup(name.data, parsed.data.selector, now());
    return { name: name.data, selector: parsed.data.selector };
  });
};
