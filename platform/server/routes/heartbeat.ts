// POST /v1/heartbeat: device statuses, queue depth, versions, disk; the answer carries the clock
// skew, the signed remote commands queued for this kiosk (delivered in every answer until the
// kiosk lists them as received) and the bundle versions it should run (docs/fleet.md).
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { QueueCommandRequest } from '../../../src-common/wire/admin';
import { commandSigningInput, type RemoteCommandBody, type SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import { HeartbeatRequest, type HeartbeatResponse } from '../../../src-common/wire/wire';
import type { AdminKey } from '../adminKey';
import { requireKiosk, sendError, type PlatformRoutes } from '../routeContext';
import { publishedBundle } from './bundles';

export const heartbeatRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/heartbeat', { preHandler: requireKiosk(ctx) }, async (request, reply) => {
    const parsed = HeartbeatRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalidRequest', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500));
    const now = ctx.now();
    const nowIso = new Date(now).toISOString();
    const kioskId = request.kiosk!.id;
    const db = ctx.store.db;
    const commands = db.transaction(() => {
      db.prepare('UPDATE kiosks SET last_heartbeat_at = ?, last_heartbeat_json = ? WHERE id = ?').run(nowIso, JSON.stringify(parsed.data), kioskId);
      for (const id of parsed.data.receivedCommandIds ?? []) db.prepare('UPDATE commands SET acked_at = ? WHERE id = ? AND kiosk_id = ? AND acked_at IS NULL').run(nowIso, id, kioskId);
      const pending = db.prepare('SELECT signed_json FROM commands WHERE kiosk_id = ? AND acked_at IS NULL AND signed_json IS NOT NULL AND expires_at > ? ORDER BY created_at LIMIT 100').pluck().all(kioskId, nowIso) as string[];
      db.prepare('UPDATE commands SET delivered_at = ? WHERE kiosk_id = ? AND acked_at IS NULL AND delivered_at IS NULL').run(nowIso, kioskId);
      return pending.map((json) => JSON.parse(json) as SignedRemoteCommand);
    })();
    const config = publishedBundle(ctx, 'config');
    const catalog = publishedBundle(ctx, 'catalog');
    const answer: HeartbeatResponse = {
      serverTime: nowIso,
      clockSkewSeconds: Math.round((now - Date.parse(parsed.data.sentAt)) / 1000),
      commands,
      ...(config || catalog ? { desired: { ...(config ? { configVersion: config.version } : {}), ...(catalog ? { catalogVersion: catalog.version } : {}) } } : {}),
    };
    return answer;
  });
};

/** Queues a remote command for one kiosk, signed now with the platform's admin key. */
export function queueCommand(db: import('better-sqlite3').Database, adminKey: AdminKey, request: QueueCommandRequest, nowMs: number): string {
  const body: RemoteCommandBody = {
    commandId: crypto.randomUUID(),
    kioskId: request.kioskId,
    action: request.action,
    createdAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(nowMs + request.ttlSeconds * 1000).toISOString(),
    urgent: request.urgent,
  };
  const canonical = canonicalize(body);
  if (canonical === undefined) throw new Error('a command body has no JSON form');
  const signed: SignedRemoteCommand = { ...body, keyId: adminKey.keyId, signature: adminKey.sign(commandSigningInput(canonical)) };
  db.prepare('INSERT INTO commands (id, kiosk_id, kind, created_at, signed_json, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(body.commandId, body.kioskId, body.action.kind, body.createdAt, JSON.stringify(signed), body.expiresAt);
  return body.commandId;
}
