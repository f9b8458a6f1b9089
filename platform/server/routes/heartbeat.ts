// POST /v1/heartbeat: device statuses, queue depth, versions, disk; the answer carries the
// clock skew and the remote commands queued for this kiosk (delivered once).
import crypto from 'node:crypto';
import { HeartbeatRequest, type RemoteCommand } from '../../../src-common/wire/wire';
import { requireKiosk, sendError, type PlatformRoutes } from '../routeContext';

export const heartbeatRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/heartbeat', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const parsed = HeartbeatRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500));
    const now = ctx.now();
    const kioskId = request.kiosk!.id;
    const db = ctx.store.db;
    const commands = db.transaction(() => {
      db.prepare('UPDATE kiosks SET last_heartbeat_at = ?, last_heartbeat_json = ? WHERE id = ?').run(new Date(now).toISOString(), JSON.stringify(parsed.data), kioskId);
      for (const result of parsed.data.commandResults) {
        db.prepare('UPDATE commands SET outcome = ?, detail = ? WHERE id = ? AND kiosk_id = ?').run(result.outcome, result.detail ?? null, result.commandId, kioskId);
      }
      const pending = db.prepare('SELECT id, kind, created_at FROM commands WHERE kiosk_id = ? AND delivered_at IS NULL ORDER BY created_at').all(kioskId) as { id: string; kind: RemoteCommand['kind']; created_at: string }[];
      db.prepare('UPDATE commands SET delivered_at = ? WHERE kiosk_id = ? AND delivered_at IS NULL').run(new Date(now).toISOString(), kioskId);
      return pending.map((c): RemoteCommand => ({ commandId: c.id, kind: c.kind, createdAt: c.created_at }));
    })();
    return { serverTime: new Date(now).toISOString(), clockSkewSeconds: Math.round((now - Date.parse(parsed.data.sentAt)) / 1000), commands };
  });
};

export function queueCommand(db: import('better-sqlite3').Database, kioskId: string, kind: RemoteCommand['kind']): string {
  const id = crypto.randomUUID();
  db.prepare('INSERT INTO commands (id, kiosk_id, kind, created_at) VALUES (?, ?, ?, ?)').run(id, kioskId, kind, new Date().toISOString());
  return id;
}
