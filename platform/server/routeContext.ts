// What every route group of the reference platform receives. A route group is one file in
// routes/ exporting a `PlatformRoutes` function; routes/index.ts lists them in order.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SERVER_TIME_HEADER } from '../../src-common/wire/wire';
import type { AdminKey } from './adminKey';
import type { FaultControl } from './faults';
import { authenticateKiosk } from './kioskAuth';
import type { KioskRow, PlatformStore } from './platformStore';

export interface PlatformRouteContext {
  /** The platform's data directory (published bundle files live in `bundles/`). */
  readonly dataDir: string;
  readonly store: PlatformStore;
  readonly faults: FaultControl;
  readonly adminKey: AdminKey;
  readonly adminToken: string;
  readonly now: () => number;
}

export type PlatformRoutes = (app: FastifyInstance, ctx: PlatformRouteContext) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: the signature covers its hash. */
    rawBody?: string;
    /** Set by `requireKiosk` for signed kiosk routes. */
    kiosk?: KioskRow;
  }
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string, now = Date.now()): FastifyReply {
  return reply.code(status).send({ error, message, serverTime: new Date(now).toISOString() });
}

/** preHandler for kiosk routes: authenticates the signature and applies injected faults. */
export function requireKiosk(ctx: PlatformRouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const status = ctx.faults.take('status');
    if (status?.kind === 'status') {
      if (status.retryAfterSeconds !== undefined) reply.header('retry-after', String(status.retryAfterSeconds));
      return sendError(reply, status.status, status.status === 503 ? 'unavailable' : 'internal', `injected fault: ${status.status}`);
    }
    const now = ctx.now();
    const auth = authenticateKiosk(ctx.store, { method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody ?? '' }, now);
    if ('failure' in auth) return sendError(reply, 401, auth.failure, auth.message, now);
    request.kiosk = auth.kiosk;
    return undefined;
  };
}

/** preHandler for admin routes: bearer token, compared in constant time. */
export function requireAdmin(ctx: PlatformRouteContext) {
  const expected = Buffer.from(`Bearer ${ctx.adminToken}`);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return sendError(reply, 401, 'unauthorized', 'admin bearer token required');
    return undefined;
  };
}

export function stampServerTime(reply: FastifyReply, now: number): void {
  reply.header(SERVER_TIME_HEADER, new Date(now).toISOString());
}
