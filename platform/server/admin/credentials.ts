// The secrets of the admin API and how they are kept: session tokens (the cookie's value) and API
// tokens are 256-bit random values stored only as SHA-256 hashes (a copy of the database opens no
// session), and a session's CSRF token is derived from its session token, so it needs no storage
// of its own and cannot be computed by a page that cannot read the httpOnly cookie.
import crypto from 'node:crypto';

/** A new session token for the cookie: 256 random bits, base64url. */
export function newSessionToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** What the database keeps of a session or API token secret. */
export function secretHash(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The CSRF token of a session (synchronizer token bound to the session, derived rather than stored). */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHash('sha256').update(`budayang-csrf-1\n${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

const API_TOKEN = /^bdy_([0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** An API token as shown once to its owner: `bdy_<token id>.<secret>`. */
export function newApiToken(): { readonly tokenId: string; readonly secret: string; readonly token: string } {
  const tokenId = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(32).toString('base64url');
  return { tokenId, secret, token: `bdy_${tokenId}.${secret}` };
}

export function parseApiToken(text: string): { readonly tokenId: string; readonly secret: string } | undefined {
  const m = API_TOKEN.exec(text);
  return m ? { tokenId: m[1]!, secret: m[2]! } : undefined;
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && crypto.timingSafeEqual(x, y);
}
