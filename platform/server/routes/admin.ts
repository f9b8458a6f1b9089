// Admin API (bearer token): kiosks, received events, provisioning codes, signed config
// publishing, remote commands, and the fault-injection hook used by tests and demos.
import { InjectFaultRequest, PublishConfigRequest, QueueCommandRequest } from '../../../src-common/wire/admin';
import { requireAdmin, sendError, type PlatformRoutes } from '../routeContext';
import { queueCommand } from './heartbeat';

export const adminRoutes: PlatformRoutes = (app, ctx) => {
  const guard = { preHandler: requireAdmin(ctx) };
  const store = ctx.store;

  app.get('/admin/kiosks', guard, async () => ({
    kiosks: store.listKiosks().map((k) => ({
      kioskId: k.id,
      kioskCode: k.kiosk_code,
      appVersion: k.app_version,
      createdAt: k.created_at,
      lastHeartbeatAt: k.last_heartbeat_at,
      lastHeartbeat: k.last_heartbeat_json ? (JSON.parse(k.last_heartbeat_json) as unknown) : null,
    })),
  }));

  app.get<{ Querystring: { kioskId?: string; after?: string; limit?: string } }>('/admin/events', guard, async (request) => {
    const events = store.listEvents({
      ...(request.query.kioskId ? { kioskId: request.query.kioskId } : {}),
      afterSeq: Number(request.query.after ?? 0) || 0,
      limit: Math.min(Number(request.query.limit ?? 1000) || 1000, 10_000),
    });
    return { events, total: store.countEvents() };
  });

  app.post('/admin/provisioning-codes', guard, async () => ({ code: store.createProvisioningCode() }));

  app.post('/admin/config', guard, async (request, reply) => {
    const parsed = PublishConfigRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'body must be { configId, overrides }');
    const body = JSON.stringify({ configId: parsed.data.configId, ...parsed.data.overrides });
    const version = ((store.db.prepare('SELECT MAX(version) FROM configs').pluck().get() as number | null) ?? 0) + 1;
    store.db.prepare('INSERT INTO configs (version, config_id, body, signature, published_at) VALUES (?, ?, ?, ?, ?)').run(version, parsed.data.configId, body, ctx.adminKey.sign(body), new Date(ctx.now()).toISOString());
    return { version };
  });

  app.post('/admin/commands', guard, async (request, reply) => {
    const parsed = QueueCommandRequest.safeParse(request.body);
    if (!parsed.success || !store.kioskById(parsed.data.kioskId)) return sendError(reply, 400, 'invalidRequest', 'body must be { kioskId (known), action, urgent?, ttlSeconds? }');
    return { commandId: queueCommand(store.db, ctx.adminKey, parsed.data, ctx.now()) };
  });

  app.post('/admin/faults', guard, async (request, reply) => {
    const parsed = InjectFaultRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', 'unknown fault');
    ctx.faults.set(parsed.data);
    return { fault: ctx.faults.current };
  });
};
