// Admin API routes that predate the console's declared endpoints (platform/api): the raw event
// stream (it carries PII: publisher only, every read audited), provisioning codes, signed remote
// commands, and the fault-injection hook used by tests and demos (signed bundles: routes/bundles.ts).
// Each names the permission it needs; the guard checks it before the body is read.
import crypto from 'node:crypto';
import { z } from 'zod';
import { InjectFaultRequest, QueueCommandRequest } from '../../../src-common/wire/admin';
import { signCommand } from '../fleet/fleetSigning';
import { adminRoute, sendError, type PlatformRoutes } from '../routeContext';
import { clampPage } from '../store/eventStore';

/** Query of the paged event list: `limit` is clamped to the list's page size, never trusted. */
const EventPageQuery = z.object({
  after: z.string().max(200).optional(),
  limit: z.string().max(20).optional(),
  kioskId: z.string().max(200).optional(),
});

export const adminRoutes: PlatformRoutes = (app, ctx) => {
  const store = ctx.store;

  app.get('/admin/events', adminRoute(ctx, 'platform.admin', { auditReads: true }), async (request, reply) => {
    const query = EventPageQuery.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalidRequest', 'query must be after=SEQ&limit=N[&kioskId=ID]', ctx.now());
    if (query.data.kioskId) request.auditNote = { target: `kiosk:${query.data.kioskId}` };
    const events = await store.events.list({
      ...(query.data.kioskId ? { kioskId: query.data.kioskId } : {}),
      afterSeq: Number(query.data.after ?? 0) || 0,
      limit: clampPage(Number(query.data.limit ?? 100)),
    });
    return { events, nextAfter: events.length > 0 ? events.at(-1)!.seq : null };
  });

  app.post('/admin/provisioning-codes', adminRoute(ctx, 'kiosk.provision'), async () => store.kiosks.createProvisioningCode(new Date(ctx.now()), ctx.provisioningCodeTtlMs));

  app.post('/admin/commands', adminRoute(ctx, 'kiosk.command'), async (request, reply) => {
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
      ctx.signer,
    );
    if (!signed.ok) return sendError(reply, 400, 'invalidRequest', `the command cannot be signed: ${signed.error}`, now);
    await store.commands.queue(signed.value);
    request.auditNote = { target: `kiosk:${parsed.data.kioskId}`, detail: { action: parsed.data.action, commandId: signed.value.commandId } };
    return { commandId: signed.value.commandId };
  });

  app.post('/admin/faults', adminRoute(ctx, 'platform.admin'), async (request, reply) => {
    const parsed = InjectFaultRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'unknown fault', ctx.now());
    ctx.faults.set(parsed.data);
    request.auditNote = { detail: { fault: parsed.data.kind } };
    return { fault: ctx.faults.current };
  });
};
