// Classifies what the scanner read (docs/protocols/barcode-scanners.md#payment-codes): citizen payment codes, this kiosk's case
// numbers, payment notice numbers, URLs, anything else. Pure; it classifies, never rejects: the
// payment API is the judge of whether a code is really payable.

export type ScanKind =
  /** WeChat Pay 付款码: 18 digits, prefix 10–15. */
  | 'wechatPay'
  /** Alipay 付款码: 16–24 digits, prefix 25–30. */
  | 'alipay'
  /** UnionPay QR (云闪付): 19 digits, prefix 62 (an unofficial rule). */
  | 'unionPay'
  /** A case number `{kioskCode}-{yyyymmdd}-{seq}`, e.g. DEMO01-20261126-0001. */
  | 'caseNumber'
  /** 缴款通知书 number: 20 digits (an assumption, see PAYMENT_NOTICE_PATTERN). */
  | 'paymentNotice'
  /** An http(s) URL. */
  | 'url'
  /** Anything else. */
  | 'other';

export interface ScanClassification {
  readonly kind: ScanKind;
  /** True for the three wallet kinds: the text is a single-use payment credential, never logged. */
  readonly isPaymentCode: boolean;
  /** For case numbers: the parts. */
  readonly caseNumber?: { readonly kioskCode: string; readonly date: string; readonly sequence: number };
}

const WECHAT = /^1[0-5]\d{16}$/;
const ALIPAY = /^(2[5-9]|30)\d{14,22}$/;
const UNIONPAY = /^62\d{17}$/;
/** Kiosk codes follow kiosk-config's `^[A-Z0-9]{2,16}$`; the sequence is at least 4 digits. */
const CASE_NUMBER = /^([A-Z0-9]{2,16})-(\d{4})(\d{2})(\d{2})-(\d{4,})$/;
/**
 * Assumption: a 非税 payment notice (缴款通知书) number is exactly 20 digits. Provinces differ and
 * no national rule was found; it is checked after the wallet rules, which never match 20 digits
 * with prefix 10–15 (WeChat is 18) but can overlap Alipay's 16–24: Alipay wins for prefix 25–30.
 */
const PAYMENT_NOTICE_PATTERN = /^\d{20}$/;
const URL_PATTERN = /^https?:\/\/\S+$/i;

export function classifyScan(raw: string): ScanClassification {
  const text = raw.trim();
  if (WECHAT.test(text)) return { kind: 'wechatPay', isPaymentCode: true };
  if (UNIONPAY.test(text)) return { kind: 'unionPay', isPaymentCode: true };
  if (ALIPAY.test(text)) return { kind: 'alipay', isPaymentCode: true };
  if (PAYMENT_NOTICE_PATTERN.test(text)) return { kind: 'paymentNotice', isPaymentCode: false };
  const c = CASE_NUMBER.exec(text);
  if (c && isCalendarDate(Number(c[2]), Number(c[3]), Number(c[4]))) {
    return { kind: 'caseNumber', isPaymentCode: false, caseNumber: { kioskCode: c[1]!, date: `${c[2]}-${c[3]}-${c[4]}`, sequence: Number(c[5]) } };
  }
  if (URL_PATTERN.test(text)) return { kind: 'url', isPaymentCode: false };
  return { kind: 'other', isPaymentCode: false };
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}
