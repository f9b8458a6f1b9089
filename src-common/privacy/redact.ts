// PII redaction for logs (PIPL): ID numbers, names, addresses, phone numbers, payment codes and
// photos never reach a log line. Three layers, each catching what the others miss:
//  1. by key: fields whose name says they hold PII are replaced whole;
//  2. by shape: strings are scanned for ID-number, phone and payment-code shaped digit runs;
//  3. by value: values the current session knows to be PII (the citizen's name, address…) are
//     registered and masked wherever they appear, since a Chinese name has no shape to match.

const SENSITIVE_KEYS = new Set(
  [
    'name', 'fullname', 'chinesename', 'englishname', 'cnname', 'enname', 'holder', 'applicant', 'applicantname',
    'address', 'addr', 'idnumber', 'idno', 'idcard', 'certno', 'passportno', 'phone', 'mobile', 'tel',
    'paymentcode', 'authcode', 'auth_code', 'photo', 'image', 'signature', 'fingerprint', 'birthdate',
    'birthday', 'password', 'pin', 'token', 'secret', 'privatekey', 'email',
  ].map((k) => k.toLowerCase()),
);

/** 18-character resident ID (or permit) number: 17 digits then a digit or X. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** Mainland mobile numbers, optionally with +86. */
const PHONE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;
/** Payment codes (WeChat 10–15 prefix 18 digits, Alipay 25–30 prefix 16–24, UnionPay 62 prefix 19) and card numbers. */
const LONG_DIGITS = /(?<!\d)\d{15,24}(?!\d)/g;
/** 15-digit first-generation ID numbers are covered by LONG_DIGITS. */

export const REDACTED = '[REDACTED]';

export class PiiRedactor {
  private readonly known = new Set<string>();

  /** Registers a session's PII value (name, address…) so free text containing it is masked. */
  registerSensitive(value: string | undefined | null): void {
    const v = value?.trim();
    if (v && v.length >= 2) this.known.add(v);
  }

  /** Forgets every registered value: called when the session ends. */
  clearSensitive(): void {
    this.known.clear();
  }

  get registeredCount(): number {
    return this.known.size;
  }

  redactString(input: string): string {
    let out = input.replace(ID_NUMBER, '[ID]').replace(PHONE, '[PHONE]').replace(LONG_DIGITS, '[DIGITS]');
    for (const value of this.known) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }

  /** Returns a deep copy of `value` that is safe to log. Never mutates its input. */
  redact(value: unknown, depth = 0): unknown {
    if (depth > 8) return '[DEPTH]';
    if (value === null || value === undefined) return value;
    if (typeof value === 'string') return this.redactString(value);
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e14
        ? '[DIGITS]'
        : value;
    }
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[BINARY ${value.byteLength} bytes]`;
    if (value instanceof Error) {
      return { name: value.name, message: this.redactString(value.message), code: (value as { code?: unknown }).code };
    }
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1));
    if (typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) && v !== undefined && v !== null && v !== '' ? REDACTED : this.redact(v, depth + 1);
      }
      return out;
    }
    return String(value);
  }
}

/** Masks an ID number for display on receipts and screens: keeps the first 3 and last 4. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 7) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 3) + '*'.repeat(idNumber.length - 7) + idNumber.slice(-4);
}

/** Masks a Chinese name for receipts: keeps the surname (first character). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
