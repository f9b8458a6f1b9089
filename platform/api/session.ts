// Signing in and out of the admin API with a user name and password: the answer sets an
// httpOnly SameSite=Strict session cookie and carries the CSRF token every state-changing call
// of that session must send (docs/console.md, docs/adr/0010-console-sessions-and-machine-tokens.md).
import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { AdminRole, type Permission, PERMISSIONS } from './roles';

/** A login name: lower-case letters, digits, `.`, `_`, `-`; 3–32 characters, starting with a letter. */
export const Username = z.string().regex(/^[a-z][a-z0-9._-]{2,31}$/);

/** Password policy (NIST SP 800-63B: length, no composition rules); the cap keeps scrypt's input bounded. */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 256 } as const;

/** The header that carries a session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

/** The session cookie's name (httpOnly, SameSite=Strict, Path=/admin, Secure over HTTPS). */
export const SESSION_COOKIE = 'budayang_console';

const PermissionName = z.enum(Object.keys(PERMISSIONS) as [Permission, ...Permission[]]);

export const SessionInfo = z.object({
  account: z.object({ username: z.string(), role: AdminRole, permissions: z.array(PermissionName) }),
  /** Send as `x-csrf-token` on every state-changing request; null for bearer-token callers (no cookie, no CSRF). */
  csrfToken: z.string().nullable(),
  /** When the session ends at the latest (absolute lifetime), UTC. */
  expiresAt: z.string().nullable(),
  /** Unused sessions end after this many seconds. */
  idleTimeoutSeconds: z.number().int().positive(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const signIn = defineEndpoint({
  name: 'session.signIn',
  method: 'POST',
  path: '/admin/session',
  summary: 'Sign in with a user name and password; sets the session cookie. Five failures in a row lock the account for 15 minutes.',
  access: { kind: 'public' },
  body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
  response: SessionInfo,
  errors: ['badCredentials', 'accountLocked', 'rateLimited'],
});

export const currentSession = defineEndpoint({
  name: 'session.current',
  method: 'GET',
  path: '/admin/session',
  summary: 'The signed-in account, its permissions and the session CSRF token.',
  access: { kind: 'signedIn' },
  response: SessionInfo,
  errors: [],
});

export const signOut = defineEndpoint({
  name: 'session.signOut',
  method: 'DELETE',
  path: '/admin/session',
  summary: 'Sign out: the session is deleted on the server and the cookie cleared.',
  access: { kind: 'signedIn' },
  response: null,
  errors: [],
});

export const changeOwnPassword = defineEndpoint({
  name: 'session.changePassword',
  method: 'PUT',
  path: '/admin/session/password',
  summary: "Change the signed-in account's password; its other sessions end.",
  access: { kind: 'signedIn' },
  body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
  response: null,
  errors: ['badCredentials', 'weakPassword'],
});

export const SESSION_ENDPOINTS = [signIn, currentSession, signOut, changeOwnPassword] as const;
