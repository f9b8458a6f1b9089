// How the platform signs what it sends kiosks with its online fleet key: remote commands and
// bundles an admin publishes without signing offline. The texts signed are the wire contract's
// (src-common/wire/bundle.ts, remoteCommands.ts) over RFC 8785 canonical JSON, exactly what the
// kiosk's verifier (src-main/core/fleet/fleetKeys.ts) checks.
import canonicalize from 'canonicalize';
import { bundleSigningInput, type Bundle, type BundleKind } from '../../../src-common/wire/bundle';
import { commandSigningInput, type RemoteCommandBody, type SignedRemoteCommand } from '../../../src-common/wire/remoteCommands';
import { err, ok, type Result } from '../../../src-common/result';

/** An Ed25519 private key ready to sign (the platform's online fleet key). */
export interface FleetSigner {
  /** 16 hex digits of SHA-256 over the public key's SPKI DER. */
  readonly keyId: string;
  /** SPKI DER, base64: what kiosks pin at provisioning. */
  readonly publicKey: string;
  sign(text: string): string;
}

function canonical(value: unknown): Result<string, string> {
  try {
    const text = canonicalize(value);
    return text === undefined ? err('the value has no JSON form') : ok(text);
  } catch (e) {
    return err((e as Error).message);
  }
}

export function signCommand(body: RemoteCommandBody, signer: FleetSigner): Result<SignedRemoteCommand, string> {
  const text = canonical(body);
  if (!text.ok) return text;
  return ok({ ...body, keyId: signer.keyId, signature: signer.sign(commandSigningInput(text.value)) });
}

export function signBundle(kind: BundleKind, version: number, payload: unknown, signer: FleetSigner): Result<Bundle, string> {
  const text = canonical(payload);
  if (!text.ok) return text;
  const payloadBase64 = Buffer.from(text.value, 'utf8').toString('base64');
  return ok({ kind, version, payload: payloadBase64, signature: signer.sign(bundleSigningInput(kind, version, payloadBase64)), keyId: signer.keyId });
}
