// Admin API (bearer token, checked before the body is read): kiosks and received events (both
// paged), provisioning codes, signed remote commands, and the fault-injection hook used by tests
// and demos (signed bundles: routes/bundles.ts).
import crypto from 'node:crypto';
import { z } from 'zod';
import { InjectFaultRequest, QueueCommandRequest } from '../../../src-common/wire/admin';
import { signCommand } from '../fleet/fleetSigning';
import { adminRoute, sendError, type PlatformRoutes } from '../routeContext';
import { clampPage } from '../store/eventStore';

/** Query of a paged list: `limit` is clamped to the list's page size, never trusted. */
const PageQuery = z.object({
  after: z.string().max(200).optional(),
  limit: z.string().max(20).optional(),
  kioskId: z.string().max(200).optional(),
});

export const adminRoutes: PlatformRoutes = (app, ctx) => {
  const guard = adminRoute(ctx);
  const store = ctx.store;

  app.get('/admin/kiosks', guard, async (request, reply) => {
    const query = PageQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', 'query must be after=KIOSK_ID&limit=N', ctx.now());
    const kiosks = await store.kiosks.list({ ...(query.data.after ? { afterId: query.data.after } : {}), limit: clampPage(Number(query.data.limit ?? 100), 500) });
    return {
      kiosks: kiosks.map((k) => ({ kioskId: k.id, kioskCode: k.kioskCode, appVersion: k.appVersion, createdAt: k.createdAt, lastHeartbeatAt: k.lastHeartbeatAt, lastHeartbeat: k.lastHeartbeat })),
      nextAfter: kiosks.length > 0 ? kiosks.at(-1)!.id : null,
    };
  });

  app.get('/admin/events', guard, async (request, reply) => {
    const query = PageQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', 'query must be after=SEQ&limit=N[&kioskId=ID]', ctx.now());
    const events = await store.events.list({
      ...(query.data.kioskId ? { kioskId: query.data.kioskId } : {}),
      afterSeq: Number(query.data.after ?? 0) || 0,
      limit: clampPage(Number(query.data.limit ?? 100)),
    });
    return { events, nextAfter: events.length > 0 ? events.at(-1)!.seq : null };
  });

  app.post('/admin/provisioning-codes', guard, async () => store.kiosks.createProvisioningCode(new Date(ctx.now()), ctx.provisioningCodeTtlMs));

  app.post('/admin/commands', guard, async (request, reply) => {
    const parsed = QueueCommandRequest.safeParse(request.body);
    if (!parsed.success || !(await store.kiosks.byId(parsed.data.kioskId))) return sendError(reply, 400, 'invalidRequest', 'body must be { kioskId (known), action, urgent?, ttlSeconds? }', ctx.now());
    const now = ctx.now();
    const signed = signCommand(
      {
        commandId: crypto.randomUUID(),
        kioskId: parsed.data.kioskId,
        action: parsed.data.action,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + parsed.data.ttlSeconds * 1000).toISOString(),
        urgent: parsed.data.urgent,
      },
      ctx.adminKey,
    );
    if (!signed.ok) return sendError(reply, 400, 'invalidRequest', `the command cannot be signed: ${signed.error}`, now);
    await store.commands.queue(signed.value);
    return { commandId: signed.value.commandId };
  });

  app.post('/admin/faults', guard, async (request, reply) => {
    const parsed = InjectFaultRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'unknown fault', ctx.now());
    ctx.faults.set(parsed.data);
    return { fault: ctx.faults.current };
  });
};
