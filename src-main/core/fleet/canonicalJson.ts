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

/**
 * Parses JSON text and checks it is already in canonical form (what a signer must have sent).
 * Checked natively where possible rather than by re-serializing with the package (ten times
 * slower on a 10 MB catalog): when JSON.stringify of the parsed value reproduces the text byte
 * for byte (no whitespace, standard escapes and number forms, keys in the text's order), RFC 8785
 * adds only that keys are in UTF-16 code-unit order and strings are well-formed. Anything else
 * falls back to the package. A property test (tests/unit/fleet/canonicalJson.test.ts) holds
 * this equal to `canonicalJson`.
 */
export function parseCanonicalJson(text: string): Result<unknown, { readonly kind: 'notJson' | 'notCanonical'; readonly message: string }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err({ kind: 'notJson', message: (e as Error).message });
  }
  if (JSON.stringify(value) !== text) {
    // Whitespace, escapes or number forms differ — or an object has integer-like keys, which
    // JavaScript objects keep first whatever the text's order: the package decides exactly.
    const canonical = canonicalJson(value);
    return canonical.ok && canonical.value === text ? ok(value) : err({ kind: 'notCanonical', message: 'the payload is not in RFC 8785 canonical form (whitespace, key order, escapes or number forms)' });
  }
  const problem = canonicalOrderProblem(value);
  return problem ? err({ kind: 'notCanonical', message: `the payload is not in RFC 8785 canonical form: ${problem}` }) : ok(value);
}

/** String.prototype.isWellFormed (Node 20; missing from TypeScript's ES2023 lib). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** The first object whose keys are out of code-unit order, or a string that is not well-formed UTF-16. */
function canonicalOrderProblem(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return 'a string holds a lone surrogate';
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        // Default string comparison is by UTF-16 code units, as RFC 8785 §3.2.3 requires.
        if (i > 0 && !(keys[i - 1]! < keys[i]!)) return `keys "${keys[i - 1]}" and "${keys[i]}" are out of order`;
        if (!isWellFormed(keys[i]!)) return 'a key holds a lone surrogate';
        stack.push((value as Record<string, unknown>)[keys[i]!]);
      }
    }
  }
  return undefined;
}
