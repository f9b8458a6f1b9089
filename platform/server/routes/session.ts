// Signing in and out of the console, and changing one's own password (platform/api/session.ts).
// A sign-in is rate-limited per address (shared by all instances), counted against the account
// before the password is checked (lockout after repeated failures), and answered the same way for
// an unknown user, a disabled account and a wrong password.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { permissionsOf } from '../../api/roles';
import { changeOwnPassword, currentSession, SESSION_COOKIE, signIn, signOut, type SessionInfo } from '../../api/session';
import type { AdminActor } from '../admin/adminAuth';
import { refuse, registerAdminEndpoint } from '../admin/adminEndpoint';
import { csrfTokenFor, newSessionToken, secretHash } from '../admin/credentials';
import { hashPassword, passwordWeakness, verifyPassword } from '../admin/passwords';
import type { PlatformRouteContext, PlatformRoutes } from '../routeContext';

/** Sign-in attempts one address may make per minute by default, whatever the user names. */
export const DEFAULT_SIGN_IN_ATTEMPTS_PER_MINUTE = 20;

/** Checked when the user name is unknown or disabled, so those answer as slowly as a wrong password. */
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword('budayang-decoy-password-never-valid');
  return decoyHash;
}

function sessionInfo(ctx: PlatformRouteContext, actor: AdminActor): SessionInfo {
  const idleTimeoutSeconds = Math.round(ctx.adminAuth.sessions.idleMs / 1000);
  switch (actor.kind) {
    case 'account':
      return { account: { username: actor.username, role: actor.role, permissions: permissionsOf(actor.role) }, csrfToken: csrfTokenFor(actor.sessionToken), expiresAt: actor.expiresAt.toISOString(), idleTimeoutSeconds };
    case 'apiToken':
      return { account: { username: actor.username, role: actor.role, permissions: permissionsOf(actor.role) }, csrfToken: null, expiresAt: null, idleTimeoutSeconds };
    case 'instanceToken':
      return { account: { username: 'instance-token', role: actor.role, permissions: permissionsOf(actor.role) }, csrfToken: null, expiresAt: null, idleTimeoutSeconds };
    default: {
      const never: never = actor;
      throw new Error(`unknown actor ${JSON.stringify(never)}`);
    }
  }
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  // Secure whenever the request came over HTTPS (directly or, with trustProxy, via the balancer);
  // no Max-Age: the cookie ends with the browser, the session on the server ends sooner or later.
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/admin', secure: request.protocol === 'https' });
}

export const sessionRoutes: PlatformRoutes = (app, ctx) => {
  const { accounts } = ctx.store;

  registerAdminEndpoint(app, ctx, signIn, async ({ body }, request, reply) => {
    const now = new Date(ctx.now());
    if (!(await ctx.store.kiosks.takeRateLimit(`sign-in:${request.ip}`, now, 60_000, ctx.signInAttemptsPerMinute))) {
      reply.header('retry-after', '60');
      return refuse(429, 'rateLimited', 'too many sign-in attempts from this address; wait a minute');
    }
    const reservation = await accounts.reserveSignIn(body.username, now, ctx.lockout);
    switch (reservation.kind) {
      case 'unknown':
      case 'disabled': {
        await verifyPassword(body.password, await decoy());
        // The name tried is recorded only when it is an account's: a password typed into the
        // user-name field must not end up in the audit log.
        request.auditNote = reservation.kind === 'disabled' ? { actorName: body.username, target: `account:${body.username}`, detail: { reason: 'disabled' } } : { detail: { reason: 'unknownUser' } };
        return refuse(401, 'badCredentials', 'wrong user name or password');
      }
      case 'locked': {
        request.auditNote = { actorName: body.username, target: `account:${body.username}`, detail: { reason: 'locked' } };
        if (!reservation.until) return refuse(401, 'badCredentials', 'wrong user name or password');
        reply.header('retry-after', String(Math.max(1, Math.ceil((reservation.until.getTime() - now.getTime()) / 1000))));
        return refuse(429, 'accountLocked', 'too many failed sign-ins: the account is locked for now', { lockedUntil: reservation.until.toISOString() });
      }
      case 'reserved':
        break;
      default: {
        const never: never = reservation;
        throw new Error(`unknown reservation ${JSON.stringify(never)}`);
      }
    }
    const account = reservation.account;
    if (!(await verifyPassword(body.password, account.passwordHash))) {
      const { lockedUntil } = await accounts.signInFailed(account.id, now, ctx.lockout);
      request.auditNote = { actorName: account.username, target: `account:${account.username}`, detail: { reason: 'badPassword', failedAttempts: account.failedAttempts, ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) } };
      if (lockedUntil) {
        reply.header('retry-after', String(Math.ceil(ctx.lockout.lockMs / 1000)));
        return refuse(429, 'accountLocked', 'too many failed sign-ins: the account is locked for now', { lockedUntil: lockedUntil.toISOString() });
      }
      return refuse(401, 'badCredentials', 'wrong user name or password');
    }
    await accounts.signInSucceeded(account.id, now);
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + ctx.adminAuth.sessions.lifetimeMs);
    const userAgent = request.headers['user-agent'];
    await accounts.createSession({ tokenHash: secretHash(token), accountId: account.id, expiresAt, clientAddress: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : null }, now);
    setSessionCookie(request, reply, token);
    const actor: AdminActor = { kind: 'account', accountId: account.id, username: account.username, role: account.role, sessionToken: token, expiresAt };
    request.auditNote = { actor, target: `account:${account.username}` };
    return sessionInfo(ctx, actor);
  });

  registerAdminEndpoint(app, ctx, currentSession, async (_input, request) => sessionInfo(ctx, request.adminActor!));

  registerAdminEndpoint(app, ctx, signOut, async (_input, request, reply) => {
    const actor = request.adminActor!;
    if (actor.kind === 'account') await accounts.deleteSession(secretHash(actor.sessionToken));
    reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
    return undefined;
  });

  registerAdminEndpoint(app, ctx, changeOwnPassword, async ({ body }, request) => {
    const actor = request.adminActor!;
    if (actor.kind === 'instanceToken') return refuse(403, 'forbidden', 'the instance token has no account and no password');
    request.auditNote = { target: `account:${actor.username}` };
    const stored = await accounts.passwordHashOf(actor.accountId);
    if (!stored || !(await verifyPassword(body.currentPassword, stored))) return refuse(401, 'badCredentials', 'the current password is wrong');
    const weakness = passwordWeakness(body.newPassword, actor.username);
    if (weakness) return refuse(400, 'weakPassword', `new password refused: ${weakness}`, { reason: weakness });
    await accounts.changeOwnPassword(actor.accountId, await hashPassword(body.newPassword), actor.kind === 'account' ? secretHash(actor.sessionToken) : null, new Date(ctx.now()));
    return undefined;
  });
};
