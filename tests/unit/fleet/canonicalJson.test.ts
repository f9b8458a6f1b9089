// The kiosk's check that a payload is RFC 8785 canonical agrees with the canonicalize package
// (what signers use) on any JSON value, accepts exactly its output, and refuses each way a text
// can differ: whitespace, key order, escapes, number forms.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src-common/result';
import { canonicalJson, parseCanonicalJson } from '../../../src-main/core/fleet/canonicalJson';

describe('canonical JSON', () => {
  it('accepts the package output for any JSON value, and parses it back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = unwrap(canonicalJson(value));
        const parsed = parseCanonicalJson(text);
        expect(parsed.ok).toBe(true);
        expect(unwrap(canonicalJson(unwrap(parsed)))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any other spelling of the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = unwrap(canonicalJson(value));
        for (const other of [JSON.stringify(value, null, 1), JSON.stringify(value)]) {
          if (other === canonical) continue;
          expect(parseCanonicalJson(other)).toMatchObject({ ok: false, error: { kind: 'notCanonical' } });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names each kind of difference', () => {
    expect(parseCanonicalJson('{"b":1,"a":2}')).toMatchObject({ ok: false, error: { kind: 'notCanonical', message: expect.stringMatching(/"b" and "a" are out of order/) } });
    expect(parseCanonicalJson('{"a": 1}')).toMatchObject({ ok: false, error: { kind: 'notCanonical' } });
    expect(parseCanonicalJson('{"a":1.0}')).toMatchObject({ ok: false, error: { kind: 'notCanonical' } });
    expect(parseCanonicalJson('"\\u0041"')).toMatchObject({ ok: false, error: { kind: 'notCanonical' } });
    expect(parseCanonicalJson('"\\ud800"')).toMatchObject({ ok: false, error: { kind: 'notCanonical', message: expect.stringMatching(/lone surrogate/) } });
    expect(parseCanonicalJson('{"a":')).toMatchObject({ ok: false, error: { kind: 'notJson' } });
    // Code-unit order, not code-point order: U+FFFF sorts after a surrogate pair's lead unit.
    expect(parseCanonicalJson(unwrap(canonicalJson({ '\uffff': 1, '😀': 2 })))).toMatchObject({ ok: true });
    // Integer-like keys, which JavaScript objects reorder: judged by the text, not the object.
    expect(parseCanonicalJson('{"":false,"0":0}')).toMatchObject({ ok: true });
    expect(parseCanonicalJson('{"0":0,"":false}')).toMatchObject({ ok: false, error: { kind: 'notCanonical' } });
  });
});
