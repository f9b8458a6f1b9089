// Rollouts and remote commands for the console and scripts (platform/api/rollouts.ts): bundles
// and groups to choose from; create, watch (per ring and per kiosk), pause, resume, cancel and
// abort a rollout; sign a remote command for a kiosk or each kiosk of a group, and list commands
// with their delivery and result. Every change is in the audit log with its target.
import crypto from 'node:crypto';
import { createRollout, listBundles, listCommands, listGroups, listRollouts, MAX_COMMAND_TARGETS, resumeRollout, rolloutKiosks, rolloutStatus, sendCommand, stopRollout } from '../../api/rollouts';
import { refuse, registerAdminEndpoint, type Refused } from '../admin/adminEndpoint';
import { signCommand } from '../fleet/fleetSigning';
import type { RolloutRefusal } from '../fleet/rolloutStore';
import type { PlatformRoutes } from '../routeContext';
import { creatorName } from './accounts';

/** The HTTP status and error code of a refused rollout request. */
export function rolloutRefusal(refusal: RolloutRefusal): Refused {
  switch (refusal.kind) {
    case 'notFound':
      return refuse(404, 'notFound', refusal.message);
    case 'unknownBundle':
    case 'noTargets':
      return refuse(400, refusal.kind, refusal.message);
    case 'versionNotNewer':
    case 'anotherRolloutActive':
    case 'wrongState':
      return refuse(409, refusal.kind, refusal.message);
    default: {
      const never: never = refusal;
      return never;
    }
  }
}

export const rolloutRoutes: PlatformRoutes = (app, ctx) => {
  const { store } = ctx;
  const now = () => new Date(ctx.now());

  registerAdminEndpoint(app, ctx, listBundles, async () => ({ bundles: await store.bundles.list() }));

  registerAdminEndpoint(app, ctx, listGroups, async () => ({ groups: await store.fleetKiosks.groups() }));

  registerAdminEndpoint(app, ctx, listRollouts, async () => ({ rollouts: await store.rollouts.list(now()) }));

  registerAdminEndpoint(app, ctx, rolloutStatus, async ({ params }) => (await store.rollouts.status(params.rolloutId, now())) ?? refuse(404, 'notFound', `no rollout ${params.rolloutId}`));

  registerAdminEndpoint(app, ctx, rolloutKiosks, async ({ params, query }) => {
    const kiosks = await store.rollouts.targets(params.rolloutId, query);
    if (!kiosks) return refuse(404, 'notFound', `no rollout ${params.rolloutId}`);
    return { kiosks, nextAfter: kiosks.at(-1)?.kioskId ?? null };
  });

  registerAdminEndpoint(app, ctx, createRollout, async ({ body }, request) => {
    const created = await store.rollouts.create(body, now());
    if ('refused' in created) return rolloutRefusal(created.refused);
    request.auditNote = { target: `rollout:${created.status.rolloutId}`, detail: { kind: body.kind, version: body.version, target: body.target, rings: body.rings } };
    return created.status;
  });

  registerAdminEndpoint(app, ctx, resumeRollout, async ({ params }, request) => {
    request.auditNote = { target: `rollout:${params.rolloutId}` };
    const done = await store.rollouts.act(params.rolloutId, 'resume', now(), creatorName(request.adminActor!));
    if ('refused' in done) return rolloutRefusal(done.refused);
    // A resumed rollout may advance at once.
    await ctx.rollouts.tick();
    return (await store.rollouts.status(params.rolloutId, now())) ?? done.status;
  });

  registerAdminEndpoint(app, ctx, stopRollout, async ({ params }, request) => {
    request.auditNote = { target: `rollout:${params.rolloutId}`, detail: { action: params.action } };
    const done = await store.rollouts.act(params.rolloutId, params.action, now(), creatorName(request.adminActor!));
    return 'refused' in done ? rolloutRefusal(done.refused) : done.status;
  });

  registerAdminEndpoint(app, ctx, sendCommand, async ({ body }, request) => {
    let kioskIds: string[];
    if ('group' in body.target) {
      const expanded = await store.fleetKiosks.expand({ group: body.target.group });
      if ('refused' in expanded) return refuse(400, 'noTargets', `no group named ${body.target.group}`);
      const members = await store.fleetKiosks.list({ selectors: expanded.selectors, limit: MAX_COMMAND_TARGETS + 1 });
      if (members.length > MAX_COMMAND_TARGETS) return refuse(400, 'invalidRequest', `group ${body.target.group} has more than ${MAX_COMMAND_TARGETS} kiosks; send to a narrower group`);
      kioskIds = members.map((k) => k.kioskId);
    } else {
      kioskIds = [...new Set(body.target.kioskIds)];
      for (const id of kioskIds) if (!(await store.kiosks.byId(id))) return refuse(404, 'notFound', `no kiosk ${id}`);
    }
    if (kioskIds.length === 0) return refuse(400, 'noTargets', 'the group has no kiosks');
    const at = ctx.now();
    const commands: Array<{ commandId: string; kioskId: string }> = [];
    for (const kioskId of kioskIds) {
      const signed = signCommand(
        { commandId: crypto.randomUUID(), kioskId, action: body.action, createdAt: new Date(at).toISOString(), expiresAt: new Date(at + body.ttlSeconds * 1000).toISOString(), urgent: body.urgent },
        ctx.signer,
      );
      if (!signed.ok) return refuse(400, 'invalidRequest', `the command cannot be signed: ${signed.error}`);
      await store.commands.queue(signed.value);
      commands.push({ commandId: signed.value.commandId, kioskId });
    }
    request.auditNote = { target: 'group' in body.target ? `group:${body.target.group}` : `kiosk:${kioskIds.join(',').slice(0, 200)}`, detail: { action: body.action, urgent: body.urgent, kiosks: commands.length } };
    return { commands };
  });

  registerAdminEndpoint(app, ctx, listCommands, async ({ query }) => {
    const commands = await store.commands.recent(query);
    return { commands, nextBefore: commands.at(-1)?.commandId ?? null };
  });
};
