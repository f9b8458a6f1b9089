// Admin keys (docs/fleet.md): Ed25519 key pairs that sign bundles and remote commands. Key ids,
// key generation, loading a signing key from its PEM file, signing and checking signatures.
// Used by the kiosk (verify), the CLI (keygen, offline signing) and tests.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { bundleSigningInput, type Bundle, type BundleKind, type KeyId } from '../../../src-common/wire/bundle';
import { commandBodyOf, commandSigningInput, type RemoteCommandBody, type SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import { err, ok, type Result } from '../../../src-common/result';
import { verifyEd25519 } from '../identity/KioskIdentity';
import { canonicalJson } from './canonicalJson';

/** The id of an Ed25519 public key (SPKI DER, base64): first 16 hex digits of its SHA-256. */
export function keyIdOf(publicKeySpkiBase64: string): Result<KeyId, string> {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return err(`not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown type'})`);
    const der = key.export({ format: 'der', type: 'spki' });
    return ok(crypto.createHash('sha256').update(der).digest('hex').slice(0, 16));
  } catch (e) {
    return err(`not a public key in SPKI DER base64: ${(e as Error).message}`);
  }
}

/** A private admin key ready to sign. */
export interface AdminSigningKey {
  readonly keyId: KeyId;
  /** SPKI DER, base64: what kiosks pin. */
  readonly publicKey: string;
  sign(text: string): string;
}

function signingKeyFrom(privateKey: crypto.KeyObject): Result<AdminSigningKey, string> {
  if (privateKey.asymmetricKeyType !== 'ed25519') return err(`not an Ed25519 private key (${privateKey.asymmetricKeyType ?? 'unknown type'})`);
  const publicKey = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  const keyId = keyIdOf(publicKey);
  if (!keyId.ok) return keyId;
  return ok({ keyId: keyId.value, publicKey, sign: (text) => crypto.sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64') });
}

/** A new admin key pair: the private half as PKCS#8 PEM (keep it offline, 0600). */
export function generateAdminKey(): { readonly privateKeyPem: string; readonly key: AdminSigningKey } {
  const pair = crypto.generateKeyPairSync('ed25519');
  const key = signingKeyFrom(pair.privateKey);
  if (!key.ok) throw new Error(`a generated Ed25519 key was refused: ${key.error}`);
  return { privateKeyPem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), key: key.value };
}

/** Reads a PKCS#8 PEM private key file (from `budayang admin keygen` or the platform's key file). */
export function loadAdminSigningKey(file: string): Result<AdminSigningKey, string> {
  let pem: Buffer;
  try {
    pem = fs.readFileSync(file);
  } catch (e) {
    return err(`cannot read the key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return signingKeyFrom(crypto.createPrivateKey(pem));
  } catch (e) {
    return err(`${file} is not a PEM private key: ${(e as Error).message}`);
  }
}

/** Signs a payload (any JSON value) as a bundle of `kind` and `version`. */
export function signBundle(kind: BundleKind, version: number, payload: unknown, key: AdminSigningKey): Result<Bundle, string> {
  if (!Number.isSafeInteger(version) || version < 1) return err(`version must be a positive whole number, got ${version}`);
  const canonical = canonicalJson(payload);
  if (!canonical.ok) return err(`the payload cannot be signed: ${canonical.error}`);
  const payloadBase64 = Buffer.from(canonical.value, 'utf8').toString('base64');
  return ok({ kind, version, payload: payloadBase64, signature: key.sign(bundleSigningInput(kind, version, payloadBase64)), keyId: key.keyId });
}

/** Whether a bundle's signature verifies with the given public key (nothing else is checked). */
export function bundleSignatureVerifies(bundle: Bundle, publicKeySpkiBase64: string): boolean {
  return verifyEd25519(publicKeySpkiBase64, bundleSigningInput(bundle.kind, bundle.version, bundle.payload), bundle.signature);
}

/** Signs a remote command body. */
export function signCommand(body: RemoteCommandBody, key: AdminSigningKey): Result<SignedRemoteCommand, string> {
  const canonical = canonicalJson(body);
  if (!canonical.ok) return err(`the command cannot be signed: ${canonical.error}`);
  return ok({ ...body, keyId: key.keyId, signature: key.sign(commandSigningInput(canonical.value)) });
}

/** Whether a command's signature verifies with the given public key. */
export function commandSignatureVerifies(command: SignedRemoteCommand, publicKeySpkiBase64: string): boolean {
  const canonical = canonicalJson(commandBodyOf(command));
  return canonical.ok && verifyEd25519(publicKeySpkiBase64, commandSigningInput(canonical.value), command.signature);
}
