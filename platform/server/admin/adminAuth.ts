// Who is calling the admin API, and may they: a console session (httpOnly cookie, CSRF token on
// every state-changing request, Origin checked), an account's API token, or the instance's own
// admin token (docs/adr/0010-console-sessions-and-machine-tokens.md). Every check runs in
// `onRequest`, before the body is read; roles are read live from the account on each request.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { changesState, type HttpMethod } from '../../api/endpoint';
import type { AdminErrorCode } from '../../api/errors';
import { type Access, type AdminRole, roleAllows } from '../../api/roles';
import { CSRF_HEADER, SESSION_COOKIE } from '../../api/session';
import type { PlatformStore } from '../platformStore';
import { csrfMatches, hashesEqual, parseApiToken, secretHash } from './credentials';

/** Who made an admin request. */
export type AdminActor =
  // a person signed in to the console; `sessionToken` is the cookie's value (CSRF is derived from it)
  | { readonly kind: 'account'; readonly accountId: string; readonly username: string; readonly role: AdminRole; readonly sessionToken: string; readonly expiresAt: Date }
  // a script or the CLI with one of an account's API tokens
  | { readonly kind: 'apiToken'; readonly accountId: string; readonly username: string; readonly role: AdminRole; readonly tokenId: string }
  // the instance's admin token (`<data>/admin-token` or --admin-token): tests, demos, break-glass
  | { readonly kind: 'instanceToken'; readonly role: AdminRole };

/**
 * The name recorded as who acted (alert and case trails): the account, whether signed in or
 * through one of its API tokens. The instance token names no person, so its caller may say who
 * it is (`claimed`, e.g. a demo script); the audit log still records it as the instance token.
 */
export function actingAdmin(request: FastifyRequest, claimed?: string): string {
  const actor = request.adminActor;
  if (!actor) throw new Error('actingAdmin: the request was not authenticated by the admin guard');
  switch (actor.kind) {
    case 'account':
    case 'apiToken':
      return actor.username;
    case 'instanceToken':
      return claimed ?? 'instance-token';
    default: {
      const never: never = actor;
      throw new Error(`unknown admin actor ${JSON.stringify(never)}`);
    }
  }
}

/** What the audit trail records about a request beyond who and what (set by handlers). */
export interface AuditNote {
  /** What was acted on, e.g. `account:ops-li`. */
  target?: string;
  /** Non-secret particulars. Never a password, token or personal data. */
  detail?: Record<string, unknown>;
  /** For requests without an actor (sign-in): the account the attempt concerned, when it exists. */
  actorName?: string;
  /** A signed-in actor from a successful sign-in. */
  actor?: AdminActor;
}

/** How a route takes part in the audit trail. */
export interface AuditRouteConfig {
  /** The action name; absent = `METHOD /path` of the route. */
  readonly action?: string;
  /** Also audit successful reads. */
  readonly auditReads?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin guard: who is calling. */
    adminActor?: AdminActor;
    /** Set by handlers (and the guard on refusals): details for the audit entry. */
    auditNote?: AuditNote;
    /** Set by the guard when a credential was presented and refused (audited even on a GET). */
    refusedCredential?: boolean;
  }
  interface FastifyContextConfig {
    /** Admin routes: how the request is audited (absent = not an admin route). */
    audit?: AuditRouteConfig;
  }
}

export interface SessionPolicy {
  /** A session unused this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  readonly lifetimeMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, lifetimeMs: 12 * 3_600_000 };

/** A refusal: status, code and an English message for logs and scripts. */
export interface AdminRefusal {
  readonly status: number;
  readonly error: AdminErrorCode;
  readonly message: string;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The origin this request was addressed to, as a browser would write it in `Origin`. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** A browser's cross-site request names another origin; same-origin fetches name ours (or none). */
export function originAllowed(request: FastifyRequest): boolean {
  const origin = header(request, 'origin');
  return origin === undefined || origin === ownOrigin(request);
}

export class AdminAuth {
  private readonly instanceBearer: Buffer;

  constructor(
    private readonly store: PlatformStore,
    instanceToken: string,
    private readonly now: () => number,
    readonly sessions: SessionPolicy,
  ) {
    this.instanceBearer = Buffer.from(`Bearer ${instanceToken}`);
  }

  /** The actor behind a request's credential, or why there is none. */
  async authenticate(request: FastifyRequest): Promise<{ readonly actor: AdminActor } | { readonly refusal: AdminRefusal; readonly presented: boolean }> {
    const now = new Date(this.now());
    const authorization = header(request, 'authorization');
    if (authorization !== undefined) {
      const given = Buffer.from(authorization);
      if (given.length === this.instanceBearer.length && crypto.timingSafeEqual(given, this.instanceBearer)) return { actor: { kind: 'instanceToken', role: 'publisher' } };
      const parsed = authorization.startsWith('Bearer ') ? parseApiToken(authorization.slice('Bearer '.length).trim()) : undefined;
      const token = parsed ? await this.store.accounts.tokenById(parsed.tokenId, now) : undefined;
      if (!parsed || !token || !token.usable || !hashesEqual(token.secretHash, secretHash(parsed.secret))) {
        return { refusal: { status: 401, error: 'unauthorized', message: 'admin bearer token refused (unknown, revoked, expired, or its account is disabled)' }, presented: true };
      }
      await this.store.accounts.touchToken(token, now);
      return { actor: { kind: 'apiToken', accountId: token.accountId, username: token.username, role: token.role, tokenId: token.tokenId } };
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const session = await this.store.accounts.liveSession(secretHash(cookie), now, this.sessions.idleMs);
      if (session) return { actor: { kind: 'account', accountId: session.accountId, username: session.username, role: session.role, sessionToken: cookie, expiresAt: session.expiresAt } };
      return { refusal: { status: 401, error: 'unauthorized', message: 'the session has ended; sign in again' }, presented: false };
    }
    return { refusal: { status: 401, error: 'unauthorized', message: 'sign in, or send an admin bearer token' }, presented: false };
  }

  /** Whether an authenticated request may go on: permission, then CSRF for a session's state change. */
  authorize(request: FastifyRequest, actor: AdminActor, access: Access, method: HttpMethod): AdminRefusal | undefined {
    if (access.kind === 'permission' && !roleAllows(actor.role, access.permission)) {
      return { status: 403, error: 'forbidden', message: `the ${actor.role} role may not ${access.permission}` };
    }
    // Bearer tokens are never sent by a browser on its own, so only cookie sessions need CSRF proof.
    if (actor.kind === 'account' && changesState(method)) {
      if (!originAllowed(request)) return { status: 403, error: 'csrfRejected', message: 'cross-origin request refused' };
      if (!csrfMatches(actor.sessionToken, header(request, CSRF_HEADER))) return { status: 403, error: 'csrfRejected', message: `missing or wrong ${CSRF_HEADER}` };
    }
    return undefined;
  }

  /** onRequest guard of an admin route: no-store answers, then authentication and authorization. */
  guard(access: Access) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
      const method = request.method as HttpMethod;
      if (access.kind === 'public') {
        // A sign-in form posted from another site (login CSRF) is refused by its Origin.
        if (changesState(method) && !originAllowed(request)) return this.refuse(reply, { status: 403, error: 'csrfRejected', message: 'cross-origin request refused' });
        return undefined;
      }
      const authenticated = await this.authenticate(request);
      if ('refusal' in authenticated) {
        request.refusedCredential = authenticated.presented;
        return this.refuse(reply, authenticated.refusal);
      }
      request.adminActor = authenticated.actor;
      const refusal = this.authorize(request, authenticated.actor, access, method);
      return refusal ? this.refuse(reply, refusal) : undefined;
    };
  }

  refuse(reply: FastifyReply, refusal: AdminRefusal, extra: Record<string, unknown> = {}): FastifyReply {
    return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message, serverTime: new Date(this.now()).toISOString(), ...extra });
  }
}
