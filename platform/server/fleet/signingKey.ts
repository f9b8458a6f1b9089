// The platform's online fleet key (docs/fleet.md, "Keys"): the Ed25519 key that signs remote
// commands and bundles an admin publishes unsigned, whose public half kiosks pin at
// provisioning. It lives in a PEM file outside the database — every instance of one platform
// is given the same file (`platform serve --signing-key FILE`, made by `budayang admin keygen`),
// so a kiosk verifies a command whichever instance signed it. Only the embedded development
// store may fall back to a file it creates beside its own data.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../src-common/result';
import type { FleetSigner } from './fleetSigning';

/** The development fallback of the embedded store (never used with a PostgreSQL server). */
export const DEV_SIGNING_KEY_FILE = 'admin-key.pem';

export interface LoadedSigner extends FleetSigner {
  /** The file it came from. */
  readonly file: string;
}

function signerFrom(privateKey: crypto.KeyObject, file: string): Result<LoadedSigner, string> {
  if (privateKey.asymmetricKeyType !== 'ed25519') return err(`${file} holds a ${privateKey.asymmetricKeyType ?? 'non-Ed25519'} key; the fleet key is Ed25519 (budayang admin keygen)`);
  const der = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return ok({
    file,
    keyId: crypto.createHash('sha256').update(der).digest('hex').slice(0, 16),
    publicKey: der.toString('base64'),
    sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  });
}

/** Reads the key file; refuses one that is missing, not Ed25519, or readable by others (POSIX). */
export function loadSigningKeyFile(file: string): Result<LoadedSigner, string> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return err(`the fleet signing key ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); create one with: budayang admin keygen --out DIR`);
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) return err(`the fleet signing key ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
  try {
    return signerFrom(crypto.createPrivateKey(fs.readFileSync(file)), file);
  } catch (e) {
    return err(`${file} is not a PEM private key: ${(e as Error).message}`);
  }
}

/**
 * The signer of a platform: the given key file, or — embedded store only — the development key
 * in its data directory, created on first use. A platform on a PostgreSQL server must be given
 * the file: its instances would otherwise each sign with a key of their own.
 */
export function loadFleetSigner(options: { readonly signingKeyFile?: string; readonly dataDir: string; readonly sharedDatabase: boolean }): Result<LoadedSigner, string> {
  if (options.signingKeyFile !== undefined) return loadSigningKeyFile(options.signingKeyFile);
  if (options.sharedDatabase) return err('a platform on a PostgreSQL server needs --signing-key FILE (the same file on every instance; create it with budayang admin keygen --out DIR)');
  const file = path.join(options.dataDir, DEV_SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) {
    const pair = crypto.generateKeyPairSync('ed25519');
    fs.writeFileSync(file, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return loadSigningKeyFile(file);
}
