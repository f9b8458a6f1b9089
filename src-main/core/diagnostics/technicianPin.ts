// The technician PIN check: scrypt with the parameters stored beside the hash, compared in
// constant time. Only the hash lives in config (design.md §7: technician credentials, hashes only).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** The scrypt cost of new PIN hashes (N, r, p); the stored hash carries its own, so old ones still verify. */
const NEW_HASH = { N: 16384, r: 8, p: 1, keyBytes: 32 } as const;

/** A PIN's stored form, `scrypt:N:r:p:salt:hash` (what `budayang admin hash-pin` prints for signed config). */
export function hashTechnicianPin(pin: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, NEW_HASH.keyBytes, { N: NEW_HASH.N, r: NEW_HASH.r, p: NEW_HASH.p });
  return `scrypt:${NEW_HASH.N}:${NEW_HASH.r}:${NEW_HASH.p}:${salt.toString('base64')}:${hash.toString('base64')}`;
}

/**
 * Why a new PIN is refused, or undefined: 6 to 12 digits (the diagnostics screen's PIN pad), not
 * one digit repeated and not a run such as 123456 or 987654 (the first guesses anyone tries).
 */
export function technicianPinWeakness(pin: string): string | undefined {
  if (!/^\d{6,12}$/.test(pin)) return 'a PIN is 6 to 12 digits';
  if (/^(\d)\1+$/.test(pin)) return 'one digit repeated';
  const steps = new Set([...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'a run of consecutive digits';
  return undefined;
}

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
