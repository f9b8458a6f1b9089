// The audit trail of the admin API: one append-only entry per state-changing request (success or
// not), per refused credential or permission (even on a read), per sign-in attempt, and per read
// of routes that ask for it. Written in `onSend`, before the answer leaves: if the entry cannot be
// written the caller gets 500 instead of a success nobody could later account for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../api/audit';
import type { PlatformStore } from '../platformStore';
import type { NewAuditEntry } from '../store/auditStore';
import type { AdminActor } from './adminAuth';

/** Whether this answered request belongs in the audit log. */
export function shouldAudit(request: FastifyRequest, status: number): boolean {
  const config = request.routeOptions.config?.audit;
  if (!config) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') return true;
  if (request.refusedCredential === true || status === 403) return true;
  return config.auditReads === true && status < 400;
}

function actorFields(actor: AdminActor | undefined, fallbackName: string | undefined): Pick<AuditEntry, 'actorKind' | 'actor'> {
  if (!actor) return { actorKind: 'anonymous', actor: fallbackName ?? null };
  switch (actor.kind) {
    case 'account':
      return { actorKind: 'account', actor: actor.username };
    case 'apiToken':
      return { actorKind: 'apiToken', actor: actor.username };
    case 'instanceToken':
      return { actorKind: 'instanceToken', actor: 'instance-token' };
    default: {
      const never: never = actor;
      throw new Error(`unknown actor ${JSON.stringify(never)}`);
    }
  }
}

function errorCodeOf(payload: unknown, status: number): string | null {
  if (status < 400 || typeof payload !== 'string') return null;
  try {
    const body = JSON.parse(payload) as { error?: unknown };
    return typeof body.error === 'string' ? body.error.slice(0, 60) : null;
  } catch {
    return null;
  }
}

export function auditEntryOf(request: FastifyRequest, status: number, payload: unknown): NewAuditEntry {
  const note = request.auditNote ?? {};
  const actor = note.actor ?? request.adminActor;
  const detail = { ...(note.detail ?? {}), ...(actor?.kind === 'apiToken' ? { tokenId: actor.tokenId } : {}) };
  const userAgent = request.headers['user-agent'];
  return {
    ...actorFields(actor, note.actorName),
    action: request.routeOptions.config?.audit?.action ?? `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    target: note.target ?? null,
    outcome: status < 400 ? 'success' : status >= 500 ? 'failed' : 'refused',
    status,
    error: errorCodeOf(payload, status),
    clientAddress: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    detail: Object.keys(detail).length > 0 ? detail : null,
  };
}

export function installAuditTrail(app: FastifyInstance, store: PlatformStore, now: () => number): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!shouldAudit(request, reply.statusCode)) return payload;
    try {
      await store.audit.append(auditEntryOf(request, reply.statusCode, payload), new Date(now()));
      return payload;
    } catch {
      // The action may have been done; say so rather than answer a success with no audit entry.
      reply.code(500);
      reply.removeHeader('set-cookie');
      reply.header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ error: 'internal', message: 'the action could not be written to the audit log; check whether it took effect before retrying', serverTime: new Date(now()).toISOString() });
    }
  });
}
