// eSSP encryption layer (docs/protocols/itl-ssp.md#essp-encryption): Diffie-Hellman over 64-bit primes for the upper half
// of the AES-128 key (lower half = the maker's fixed key), then every packet's DATA becomes
// STEX | AES-128-ECB(eLENGTH | eCOUNT(u32 LE) | eDATA | ePACKING | eCRCL eCRCH).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../src-common/result';
import { STEX } from './commands';
import { sspCrcBytes } from './crc16';

/** ITL's documented default fixed key, used until the maker sets its own. */
export const DEFAULT_FIXED_KEY = 0x0123456701234567n;
const AES_BLOCK = 16;
const U64_MASK = (1n << 64n) - 1n;

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Deterministic Miller-Rabin for all n < 2^64 (these bases are proven sufficient). */
export function isPrime64(n: bigint): boolean {
  if (n < 2n) return false;
  const bases = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
  for (const p of bases) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  outer: for (const a of bases) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < r; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

export function randomU64(bits = 63): bigint {
  const raw = randomBytes(8).readBigUInt64LE(0);
  return raw & ((1n << BigInt(bits)) - 1n);
}

/** A random prime with the top bit of `bits` set (so it is large), below 2^bits. */
export function randomPrime(bits = 63): bigint {
  for (;;) {
    const candidate = randomU64(bits) | (1n << BigInt(bits - 1)) | 1n;
    if (isPrime64(candidate)) return candidate;
  }
}

export function u64le(value: bigint): Uint8Array {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(value & U64_MASK, 0);
  return new Uint8Array(buf);
}

export function readU64le(bytes: Uint8Array, offset = 0): bigint | undefined {
  if (bytes.length < offset + 8) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigUInt64LE(offset);
}

/** The AES key: fixed key (LE) then negotiated key (LE), as in kybarg/ssp's test packet. */
export function deriveAesKey(fixedKey: bigint, negotiatedKey: bigint): Buffer {
  return Buffer.concat([Buffer.from(u64le(fixedKey)), Buffer.from(u64le(negotiatedKey))]);
}

/** Wraps plaintext DATA into STEX + ciphertext with the given eCOUNT. */
export function encryptData(aesKey: Buffer, count: number, data: Uint8Array): Uint8Array {
  const unpadded = 1 + 4 + data.length + 2;
  const packing = (AES_BLOCK - (unpadded % AES_BLOCK)) % AES_BLOCK;
  const plain = Buffer.alloc(unpadded + packing);
  plain[0] = data.length;
  plain.writeUInt32LE(count >>> 0, 1);
  plain.set(data, 5);
  randomBytes(packing).copy(plain, 5 + data.length);
  const [crcLow, crcHigh] = sspCrcBytes(plain.subarray(0, plain.length - 2));
  plain[plain.length - 2] = crcLow;
  plain[plain.length - 1] = crcHigh;
  const cipher = createCipheriv('aes-128-ecb', aesKey, null);
  cipher.setAutoPadding(false);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Uint8Array.from([STEX, ...body]);
}

/** Unwraps STEX + ciphertext; every malformed input is an error value, never an exception. */
export function decryptData(aesKey: Buffer, data: Uint8Array): Result<{ count: number; data: Uint8Array }, string> {
  if (data[0] !== STEX) return err('not an encrypted packet (no STEX)');
  const body = data.subarray(1);
  if (body.length === 0 || body.length % AES_BLOCK !== 0) return err(`encrypted body of ${body.length} bytes is not a whole number of AES blocks`);
  const decipher = createDecipheriv('aes-128-ecb', aesKey, null);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  const length = plain[0]!;
  if (1 + 4 + length + 2 > plain.length) return err('eLENGTH exceeds the decrypted block');
  const [crcLow, crcHigh] = sspCrcBytes(plain.subarray(0, plain.length - 2));
  if (plain[plain.length - 2] !== crcLow || plain[plain.length - 1] !== crcHigh) return err('eCRC mismatch (wrong key or corrupted packet)');
  return ok({ count: plain.readUInt32LE(1), data: new Uint8Array(plain.subarray(5, 5 + length)) });
}

/** One side's Diffie-Hellman state for the key exchange. */
export interface KeyExchangeParams {
  readonly generator: bigint;
  readonly modulus: bigint;
}

/** Host or slave: picks a secret and returns it with its intermediate key g^secret mod p. */
export function makeIntermediateKey(params: KeyExchangeParams): { secret: bigint; intermediate: bigint } {
  const secret = (randomU64(62) % (params.modulus - 2n)) + 1n;
  return { secret, intermediate: modPow(params.generator, secret, params.modulus) };
}

export function sharedKey(params: KeyExchangeParams, peerIntermediate: bigint, secret: bigint): bigint {
  return modPow(peerIntermediate, secret, params.modulus);
}
