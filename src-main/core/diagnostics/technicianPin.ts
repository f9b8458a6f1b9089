// The technician PIN check: scrypt with the parameters stored beside the hash, compared in
// constant time. Only the hash lives in config (design.md §7: technician credentials, hashes only).
import { scryptSync, timingSafeEqual } from 'node:crypto';

/** Whether `pin` matches `scrypt:N:r:p:salt:hash`; a malformed stored hash never matches. */
export function verifyTechnicianPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n);
  if (!Number.isInteger(N) || N < 1024 || N > 1 << 20 || expected.length < 16) return false;
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) + 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}
