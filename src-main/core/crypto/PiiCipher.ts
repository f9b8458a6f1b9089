// AES-256-GCM for PII at rest: each value gets a fresh 96-bit nonce; the associated data binds a
// ciphertext to its row (e.g. the job's idempotency key) so it cannot be swapped between rows.
import crypto from 'node:crypto';
import { err, ok, type Result } from '../../../src-common/result';
import { randomPool } from '../ids/randomPool';

const FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class PiiCipher {
  /** Held as a KeyObject: createCipheriv with a raw Buffer re-imports the key on every record. */
  private readonly key: crypto.KeyObject;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('PiiCipher needs a 32-byte key');
    this.key = crypto.createSecretKey(key);
  }

  /** Layout: version(1) | nonce(12) | tag(16) | ciphertext. */
  encrypt(plain: Buffer | string, associatedData: string): Buffer {
    // From the pooled CSPRNG: a `randomBytes` call per record was a measurable share of each durable enqueue.
    const nonce = randomPool.bytes(NONCE_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer, associatedData: string): Result<Buffer, string> {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT_VERSION) return err('not a PII ciphertext of a known format');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 1 + NONCE_BYTES));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES));
      return ok(Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]));
    } catch {
      return err('PII ciphertext failed authentication (wrong key or tampered row)');
    }
  }

  encryptJson(value: unknown, associatedData: string): Buffer {
    return this.encrypt(JSON.stringify(value), associatedData);
  }

  decryptJson<T>(sealed: Buffer, associatedData: string): Result<T, string> {
    const plain = this.decrypt(sealed, associatedData);
    return plain.ok ? ok(JSON.parse(plain.value.toString('utf8')) as T) : plain;
  }
}
