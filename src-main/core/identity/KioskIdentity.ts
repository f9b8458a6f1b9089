// The kiosk's Ed25519 identity (design.md §6): created at first start, private key sealed with the
// data key in the database, public key registered with the platform at provisioning.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../../src-common/result';
import type { PiiCipher } from '../crypto/PiiCipher';

const PRIVATE_KEY_AAD = 'kiosk-identity-private-key';

export interface PlatformRegistration {
  readonly platformUrl: string;
  readonly kioskId: string;
  /** The admin key pinned at provisioning: remote config must be signed by it. SPKI DER base64. */
  readonly adminPublicKey: string;
  readonly registeredAt: string;
}

export class KioskIdentity {
  private constructor(
    private readonly db: Database.Database,
    private readonly privateKey: crypto.KeyObject,
    /** SPKI DER, base64. */
    readonly publicKey: string,
  ) {}

  /** Loads the key pair, creating it on first start. */
  static loadOrCreate(db: Database.Database, cipher: PiiCipher): Result<KioskIdentity, string> {
    const row = db.prepare('SELECT public_key, private_key_cipher FROM kiosk_identity WHERE id = 1').get() as { public_key: string; private_key_cipher: Buffer } | undefined;
    if (row) {
      const der = cipher.decrypt(row.private_key_cipher, PRIVATE_KEY_AAD);
      if (!der.ok) return err(`the kiosk identity key cannot be opened: ${der.error}`);
      const privateKey = crypto.createPrivateKey({ key: der.value, format: 'der', type: 'pkcs8' });
      return ok(new KioskIdentity(db, privateKey, row.public_key));
    }
    const pair = crypto.generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const sealed = cipher.encrypt(pair.privateKey.export({ format: 'der', type: 'pkcs8' }), PRIVATE_KEY_AAD);
    db.prepare('INSERT INTO kiosk_identity (id, public_key, private_key_cipher, created_at) VALUES (1, ?, ?, ?)').run(publicKey, sealed, new Date().toISOString());
    return ok(new KioskIdentity(db, pair.privateKey, publicKey));
  }

  sign(text: string): string {
    return crypto.sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64');
  }

  registration(): PlatformRegistration | undefined {
    const row = this.db.prepare('SELECT platform_url, kiosk_id, admin_public_key, registered_at FROM platform_registration WHERE id = 1').get() as
      | { platform_url: string; kiosk_id: string; admin_public_key: string; registered_at: string }
      | undefined;
    return row ? { platformUrl: row.platform_url, kioskId: row.kiosk_id, adminPublicKey: row.admin_public_key, registeredAt: row.registered_at } : undefined;
  }

  saveRegistration(registration: PlatformRegistration): void {
    this.db
      .prepare(`INSERT INTO platform_registration (id, platform_url, kiosk_id, admin_public_key, registered_at) VALUES (1, @platformUrl, @kioskId, @adminPublicKey, @registeredAt)
        ON CONFLICT (id) DO UPDATE SET platform_url = excluded.platform_url, kiosk_id = excluded.kiosk_id, admin_public_key = excluded.admin_public_key, registered_at = excluded.registered_at`)
      .run(registration);
  }
}

export function sha256Hex(body: string | Buffer): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

/** Verifies an Ed25519 signature with a key given as SPKI DER base64 (remote config, platform answers). */
export function verifyEd25519(publicKeySpkiBase64: string, data: string | Buffer, signatureBase64: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    return crypto.verify(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
