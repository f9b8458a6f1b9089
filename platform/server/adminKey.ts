// The platform's Ed25519 admin key: signs config bundles and remote commands (docs/fleet.md);
// kiosks pin its public half at provisioning. Kept in a 0600 PEM file in the platform's data
// directory.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AdminKey {
  /** SPKI DER, base64. */
  readonly publicKey: string;
  /** First 16 hex digits of SHA-256 over the SPKI DER (src-common/wire/bundle.ts `KeyId`). */
  readonly keyId: string;
  /** The PEM file, for offline tools (`budayang admin sign --key`). */
  readonly file: string;
  sign(body: string): string;
}

export function loadOrCreateAdminKey(dataDir: string): AdminKey {
  const file = path.join(dataDir, 'admin-key.pem');
  if (!fs.existsSync(file)) {
    const pair = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(file, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(file));
  const der = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const keyId = crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
  return { publicKey: der.toString('base64'), keyId, file, sign: (body) => crypto.sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64') };
}

/** The admin bearer token: given, or read from / created in `admin-token` (0600). */
export function loadOrCreateAdminToken(dataDir: string, given?: string): string {
  if (given) return given;
  const file = path.join(dataDir, 'admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(24).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}
