// RFC 8785 (JSON Canonicalization Scheme) for what admin keys sign: one byte sequence per JSON
// value, so a signature, an ETag and a replay check never depend on key order or number spelling.
import canonicalize from 'canonicalize';
import { err, ok, type Result } from '../../../src-common/result';

/** The canonical JSON text of a JSON value; refuses values JSON cannot carry (undefined, NaN…). */
export function canonicalJson(value: unknown): Result<string, string> {
  try {
    const text = canonicalize(value);
    return text === undefined ? err('the value has no JSON form') : ok(text);
  } catch (e) {
    return err((e as Error).message);
  }
}

/** Parses JSON text and checks it is already in canonical form (what a signer must have sent). */
export function parseCanonicalJson(text: string): Result<unknown, { readonly kind: 'notJson' | 'notCanonical'; readonly message: string }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err({ kind: 'notJson', message: (e as Error).message });
  }
  const canonical = canonicalJson(value);
  if (!canonical.ok) return err({ kind: 'notJson', message: canonical.error });
  return canonical.value === text ? ok(value) : err({ kind: 'notCanonical', message: 'the payload is not in RFC 8785 canonical form' });
}
