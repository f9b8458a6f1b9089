// The fleet's admin API (docs/fleet.md, "Rollouts"; a session, API token or the instance token,
// checked before the body is read): kiosks with their tags and twin; groups; a kiosk's commands;
// rollouts with pause, resume, cancel and abort. Every list is paged. Tags are set through the
// console's `PUT /admin/kiosks/{kioskId}/tags` (routes/fleet.ts).
import { z } from 'zod';
import type { TargetSelector } from '../../../src-common/wire/fleetAdmin';
import { CreateRolloutRequest, GroupName, PutGroupRequest, RolloutAction } from '../../../src-common/wire/fleetAdmin';
import type { RolloutRefusal } from '../fleet/rolloutStore';
import { adminRoute, describeIssues, sendError, type PlatformRoutes } from '../routeContext';

const KioskListQuery = z.object({ group: GroupName.optional(), after: z.string().max(200).optional(), limit: z.string().max(20).optional() });

/** The HTTP status of a refused rollout request. */
function statusOf(refusal: RolloutRefusal): number {
  switch (refusal.kind) {
    case 'notFound':
      return 404;
    case 'unknownBundle':
    case 'noTargets':
      return 400;
    case 'versionNotNewer':
    case 'anotherRolloutActive':
    case 'wrongState':
      return 409;
    default: {
      const never: never = refusal;
      return never;
    }
  }
}

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

  app.get('/admin/fleet/groups', read, async () => ({ groups: await store.fleetKiosks.groups() }));

  app.put<{ Params: { name: string } }>('/admin/fleet/groups/:name', publish, async (request, reply) => {
    const name = GroupName.safeParse(request.params.name);
    const parsed = PutGroupRequest.safeParse(request.body);
    if (!name.success) return sendError(reply, 400, 'invalidRequest', 'a group name is 1–60 of a-z 0-9 . _ -', ctx.now());
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    await store.fleetKiosks.putGroup(name.data, parsed.data.selector, now());
    return { name: name.data, selector: parsed.data.selector };
  });

  app.post('/admin/rollouts', publish, async (request, reply) => {
    const parsed = CreateRolloutRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', describeIssues(parsed.error.issues), ctx.now());
    const created = await store.rollouts.create(parsed.data, now());
    if ('refused' in created) return sendError(reply, statusOf(created.refused), created.refused.kind, created.refused.message, ctx.now());
    return created.status;
  });

  app.get('/admin/rollouts', read, async () => ({ rollouts: await store.rollouts.list(now()) }));

  app.get<{ Params: { rolloutId: string } }>('/admin/rollouts/:rolloutId', read, async (request, reply) => {
    const status = await store.rollouts.status(request.params.rolloutId, now());
    return status ?? sendError(reply, 404, 'notFound', `no rollout ${request.params.rolloutId.slice(0, 100)}`, ctx.now());
  });

  app.post<{ Params: { rolloutId: string; action: string } }>('/admin/rollouts/:rolloutId/:action', publish, async (request, reply) => {
    const action = RolloutAction.safeParse(request.params.action);
    if (!action.success) return sendError(reply, 404, 'notFound', 'actions are pause, resume, cancel and abort', ctx.now());
    const done = await store.rollouts.act(request.params.rolloutId, action.data, now());
    if ('refused' in done) return sendError(reply, statusOf(done.refused), done.refused.kind, done.refused.message, ctx.now());
    // A resumed rollout may advance at once; the others changed state already.
    if (action.data === 'resume') await ctx.rollouts.tick();
    return (await store.rollouts.status(request.params.rolloutId, now())) ?? done.status;
  });
};
