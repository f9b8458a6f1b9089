// Admin passwords at rest: scrypt with a random salt and its parameters stored beside the hash,
// in the same `scrypt:N:r:p:saltBase64:hashBase64` form as the kiosk's technician PIN hash
// (kiosk-config `diagnostics.technicianPinHash`). Hashing runs on libuv's thread pool, so a
// sign-in never blocks the event loop that serves the fleet.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { PASSWORD_POLICY } from '../../api/session';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/**
 * OWASP's scrypt settings (N=2^15, r=8, p=3: 32 MiB, about 0.1–0.4 s on this hardware), which cost
 * an offline guesser as much as N=2^17 with p=1 while holding a quarter of the memory per sign-in.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 3 } as const;

const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** A stored hash whose parameters exceed these is refused, so a tampered row cannot make a sign-in cost minutes. */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16 } as const;

function maxmemFor(N: number, r: number): number {
  return 128 * N * r + 16 * 1024 * 1024;
}

export async function hashPassword(password: string, parameters: { N: number; r: number; p: number } = SCRYPT_PARAMETERS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, KEY_BYTES, { ...parameters, maxmem: maxmemFor(parameters.N, parameters.r) });
  return `scrypt:${parameters.N}:${parameters.r}:${parameters.p}:${salt.toString('base64')}:${hash.toString('base64')}`;
}

interface ParsedHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const m = /^scrypt:(\d{1,8}):(\d{1,3}):(\d{1,3}):([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // N must be a power of two above 1 (scrypt's own rule).
  if (N < 2 || (N & (N - 1)) !== 0 || N > LIMITS.maxN || r < 1 || r > LIMITS.maxR || p < 1 || p > LIMITS.maxP) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

/** Whether `password` matches `stored`; a malformed or out-of-bounds stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: maxmemFor(parsed.N, parsed.r) });
  return crypto.timingSafeEqual(actual, parsed.hash);
}

/** Why a new password is refused (the `weakPassword` refusal's detail), or undefined when it is acceptable. */
export function passwordWeakness(password: string, username: string): 'tooShort' | 'tooLong' | 'sameAsUsername' | undefined {
  // Length in code points, so a password of Chinese characters counts what a person typed.
  const length = [...password].length;
  if (length < PASSWORD_POLICY.minLength) return 'tooShort';
  if (length > PASSWORD_POLICY.maxLength) return 'tooLong';
  if (password.trim().toLowerCase() === username.toLowerCase()) return 'sameAsUsername';
  return undefined;
}
