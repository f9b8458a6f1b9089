// What every route group of the reference platform receives, and the guards every route uses. A
// route group is one file in routes/ exporting a `PlatformRoutes` function; routes/index.ts lists
// them in order. Guards run as `onRequest` hooks: a request is refused on its headers, before its
// body is read, and each route declares its own body limit (ROUTE_BODY_LIMITS).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BUNDLE_PAYLOAD_CHARS } from '../../src-common/wire/bundle';
import { MAX_FACE_PHOTO_BASE64 } from '../../src-common/wire/identityWire';
import { MAX_PUSH_BYTES, SERVER_TIME_HEADER } from '../../src-common/wire/wire';
import type { Permission } from '../api/roles';
import type { AdminAuth } from './admin/adminAuth';
import type { LockoutPolicy } from './store/accountStore';
import type { FaultControl } from './faults';
import type { FleetSigner } from './fleet/fleetSigning';
import type { RolloutDriver } from './fleet/rolloutDriver';
import { authenticateKiosk, nonceExpiry, REPLAY_MESSAGE, spendNonce, type SignedNonce } from './kioskAuth';
import type { PlatformStore } from './platformStore';
import type { KioskRow } from './store/kioskStore';

export interface PlatformRouteContext {
  readonly store: PlatformStore;
  readonly faults: FaultControl;
  /** Signs remote commands and bundles published unsigned; kiosks pin its public key at provisioning. */
  readonly signer: FleetSigner;
  /** Evaluates rollouts now (after an admin action), besides its own timer. */
  readonly rollouts: RolloutDriver;
  /** The instance's admin token (tests, demos, break-glass); accounts use sessions or API tokens. */
  readonly adminToken: string;
  /** Admin API authentication and authorization (sessions, API tokens, the instance token). */
  readonly adminAuth: AdminAuth;
  /** Failed sign-ins that lock an account, and for how long. */
  readonly lockout: LockoutPolicy;
  /** Console sign-in attempts one address may make per minute, whatever the user names. */
  readonly signInAttemptsPerMinute: number;
  /** The fleet's heartbeat interval: a kiosk is offline after 3 of them without a beat. */
  readonly heartbeatSeconds: number;
  /** The built fleet console (served under /console/), when there is one. */
  readonly consoleDir?: string;
  readonly now: () => number;
  /** How long new provisioning codes stay valid. */
  readonly provisioningCodeTtlMs: number;
  /** Provisioning attempts one address may make per minute (a code is 60 bits; this stops guessing). */
  readonly provisioningAttemptsPerMinute: number;
  /** Load tests only: `POST /admin/loadtest/kiosks` registers many keys without codes. Off unless started so. */
  readonly allowBulkProvisioning: boolean;
}

export type PlatformRoutes = (app: FastifyInstance, ctx: PlatformRouteContext) => void;

/** Body limits per kind of route, checked against Content-Length before reading and while reading. */
export const ROUTE_BODY_LIMITS = {
  /** provisioning: a code, a kiosk code, a public key, a version */
  provision: 4 * 1024,
  /** admin requests: small JSON commands */
  admin: 16 * 1024,
  /** load-test bulk provisioning: up to 1,000 public keys */
  bulkProvisioning: 256 * 1024,
  /** heartbeats, payment and proof calls */
  kiosk: 64 * 1024,
  /** 人证核验: one live photo of at most MAX_FACE_PHOTO_BASE64 characters, and the holder */
  identityVerification: MAX_FACE_PHOTO_BASE64 + 4 * 1024,
  /** event pushes; each event is also capped at MAX_EVENT_BYTES */
  events: MAX_PUSH_BYTES,
  /** a signed bundle uploaded by an admin: a provincial catalog is about 13 MB of base64 */
  bundle: MAX_BUNDLE_PAYLOAD_CHARS + 64 * 1024,
} as const;

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body exactly as received (provisioning verifies its signature over it). */
    rawBody?: string;
    /** Set by `requireKiosk`: the authenticated kiosk. */
    kiosk?: KioskRow;
    /** Set by `requireKiosk`: the body hash its signature covers; the body parser enforces it. */
    signedBodySha256?: string;
    /** Set by `requireKiosk`: spent by `refuseReplay` once the body matched. */
    signedNonce?: string;
  }
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string, now = Date.now()): FastifyReply {
  return reply.code(status).send({ error, message, serverTime: new Date(now).toISOString() });
}

/** onRequest guard of kiosk routes: injected faults, then the signature from the headers alone. */
export function requireKiosk(ctx: PlatformRouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const status = ctx.faults.take('status');
    if (status?.kind === 'status') {
      if (status.retryAfterSeconds !== undefined) reply.header('retry-after', String(status.retryAfterSeconds));
      return sendError(reply, status.status, status.status === 503 ? 'unavailable' : 'internal', `injected fault: ${status.status}`);
    }
    const now = ctx.now();
    const auth = await authenticateKiosk(ctx.store.kiosks, { method: request.method, url: request.url, headers: request.headers }, now);
    if ('failure' in auth) return sendError(reply, 401, auth.failure, auth.message, now);
    request.kiosk = auth.kiosk;
    request.signedBodySha256 = auth.bodySha256Hex;
    request.signedNonce = auth.nonce;
    return undefined;
  };
}

/** preHandler of kiosk routes (the body has matched its signed hash by now): refuses a replay. */
export function refuseReplay(ctx: PlatformRouteContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.kiosk || request.signedNonce === undefined) return sendError(reply, 401, 'unsigned', 'the request carries no complete kiosk signature', ctx.now());
    const now = ctx.now();
    const replay = await spendNonce(ctx.store.kiosks, request.kiosk.id, request.signedNonce, now);
    return replay ? sendError(reply, 401, replay.failure, replay.message, now) : undefined;
  };
}

/** Route options of a signed kiosk route: its nonce is spent before the handler runs. */
export function kioskRoute(ctx: PlatformRouteContext, bodyLimit: number = ROUTE_BODY_LIMITS.kiosk) {
  return { onRequest: requireKiosk(ctx), preHandler: refuseReplay(ctx), bodyLimit };
}

/**
 * Route options of a signed kiosk route whose handler spends the nonce in its own write, in the
 * same statement as the heartbeat or events (one round trip less on the hot paths). The handler
 * MUST pass `signedNonceOf(request)` to its store and answer `sendReplay` when it was spent before.
 */
export function kioskRouteSpendingNonce(ctx: PlatformRouteContext, bodyLimit: number = ROUTE_BODY_LIMITS.kiosk) {
  return { onRequest: requireKiosk(ctx), bodyLimit };
}

/** The authenticated request's nonce and how long to keep it (routes of `kioskRouteSpendingNonce`). */
export function signedNonceOf(request: FastifyRequest, nowMs: number): SignedNonce {
  if (request.signedNonce === undefined) throw new Error('signedNonceOf: the request was not authenticated by requireKiosk');
  return { nonce: request.signedNonce, expiresAt: nonceExpiry(nowMs) };
}

/** The answer to a request whose nonce was spent before. */
export function sendReplay(reply: FastifyReply, now: number): FastifyReply {
  return sendError(reply, 401, 'replay', REPLAY_MESSAGE, now);
}

/**
 * Route options of an admin route not (yet) declared in platform/api: the guard checks the
 * credential and `permission` (default: the publisher-only platform tools) before the body is
 * read, and the request is audited as `METHOD /path`. New admin endpoints are declared in
 * platform/api and registered with `registerAdminEndpoint` instead.
 */
export function adminRoute(ctx: PlatformRouteContext, permission: Permission = 'platform.admin', audit: { readonly auditReads?: boolean } = {}) {
  return { onRequest: ctx.adminAuth.guard({ kind: 'permission', permission }), bodyLimit: ROUTE_BODY_LIMITS.admin, config: { audit } };
}

export function stampServerTime(reply: FastifyReply, now: number): void {
  reply.header(SERVER_TIME_HEADER, new Date(now).toISOString());
}

/** The zod issues of a refused body as one short line. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, max = 300): string {
  return issues
    .map((i) => `${i.path.map(String).join('.')}: ${i.message}`)
    .join('; ')
    .slice(0, max);
}
