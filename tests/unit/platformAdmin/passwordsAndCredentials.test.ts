// The pure parts of console authentication: scrypt password hashes (format, tampering, bounded
// parameters), the password policy, session CSRF tokens and API token format.
import { describe, expect, it } from 'vitest';
import { csrfMatches, csrfTokenFor, hashesEqual, newApiToken, newSessionToken, parseApiToken, secretHash } from '../../../platform/server/admin/credentials';
import { hashPassword, parsePasswordHash, passwordWeakness, SCRYPT_PARAMETERS, verifyPassword } from '../../../platform/server/admin/passwords';

describe('password hashes', () => {
  it('are scrypt with a random salt and the parameters beside the hash, and verify only the right password', async () => {
    const [a, b] = [await hashPassword('correct horse battery'), await hashPassword('correct horse battery')];
    expect(a).toMatch(/^scrypt:32768:8:3:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)).toMatchObject({ N: SCRYPT_PARAMETERS.N, r: 8, p: 3 });
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('never match when tampered with, malformed, or asking for parameters that would make a sign-in cost minutes', async () => {
    const good = await hashPassword('correct horse battery', { N: 1024, r: 8, p: 1 });
    const [, N, r, p, salt, hash] = good.split(':');
    const flipped = Buffer.from(hash!, 'base64');
    flipped[0]! ^= 1;
    const candidates = [
      `scrypt:${N}:${r}:${p}:${salt}:${flipped.toString('base64')}`,
      `scrypt:${N}:${r}:${p}:${Buffer.from('other salt!').toString('base64')}:${hash}`,
      `scrypt:1000:${r}:${p}:${salt}:${hash}`, // N not a power of two
      `scrypt:${2 ** 22}:${r}:${p}:${salt}:${hash}`, // 4 GiB of memory
      `scrypt:${N}:${r}:99:${salt}:${hash}`,
      `bcrypt:${N}:${r}:${p}:${salt}:${hash}`,
      'scrypt:1024:8:1::',
      '',
    ];
    for (const stored of candidates) expect([stored, await verifyPassword('correct horse battery', stored)]).toEqual([stored, false]);
  });

  it('follow a length policy counted in characters, not bytes, and refuse the user name', () => {
    expect(passwordWeakness('elevenchars', 'ops-li')).toBe('tooShort');
    expect(passwordWeakness('twelve chars', 'ops-li')).toBeUndefined();
    expect(passwordWeakness('我的密码十二个汉字了对吧', 'ops-li')).toBeUndefined();
    expect(passwordWeakness('我的密码十一个汉字了吧', 'ops-li')).toBe('tooShort');
    expect(passwordWeakness('x'.repeat(257), 'ops-li')).toBe('tooLong');
    expect(passwordWeakness('  Long.User-Name ', 'long.user-name')).toBe('sameAsUsername');
  });
});

describe('session and API token secrets', () => {
  it('derive a CSRF token from the session token that only that session matches', () => {
    const [s1, s2] = [newSessionToken(), newSessionToken()];
    expect(s1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor(s1)).toBe(csrfTokenFor(s1));
    expect(csrfTokenFor(s1)).not.toBe(csrfTokenFor(s2));
    expect(csrfTokenFor(s1)).not.toContain(s1);
    expect(csrfMatches(s1, csrfTokenFor(s1))).toBe(true);
    expect(csrfMatches(s1, csrfTokenFor(s2))).toBe(false);
    expect(csrfMatches(s1, undefined)).toBe(false);
    expect(csrfMatches(s1, '')).toBe(false);
    expect(csrfMatches(s1, `${csrfTokenFor(s1)}x`)).toBe(false);
  });

  it('issue API tokens as bdy_<id>.<secret>, parse only that shape, and keep only a hash of the secret', () => {
    const issued = newApiToken();
    expect(issued.token).toBe(`bdy_${issued.tokenId}.${issued.secret}`);
    expect(parseApiToken(issued.token)).toEqual({ tokenId: issued.tokenId, secret: issued.secret });
    for (const bad of ['', 'bdy_', `bdy_${issued.tokenId}`, `bdy_${issued.tokenId.toUpperCase()}.${issued.secret}`, `${issued.token}x`, `Bearer ${issued.token}`]) expect(parseApiToken(bad)).toBeUndefined();
    expect(secretHash(issued.secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesEqual(secretHash(issued.secret), secretHash(issued.secret))).toBe(true);
    expect(hashesEqual(secretHash(issued.secret), secretHash('other'))).toBe(false);
    expect(hashesEqual('', '')).toBe(false);
  });
});
