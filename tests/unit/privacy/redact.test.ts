// PII never reaches a log line: real-shaped ID numbers, names, phone numbers and payment codes
// are redacted by key, by shape and by registered value, through the real pino logger.
import { describe, expect, it } from 'vitest';
import { PiiRedactor, maskIdNumber, maskName } from '../../../src-common/privacy/redact';
import { createLogger } from '../../../src-main/core/logging/createLogger';

const ID = '42020219900307123X'; // fictitious, well-formed
const ID2 = '110101199003074514';
const PHONE = '13812345678';
const WECHAT_CODE = '134567890123456789';
const ALIPAY_CODE = '286543210987654321';
const NAME = '张三丰';
const ADDRESS = '湖北省黄石市黄石港区天津路12号';

describe('PII redaction', () => {
  it('redacts by shape inside free text', () => {
    const r = new PiiRedactor();
    const out = r.redactString(`card ${ID} and ${ID2.toLowerCase()} phone ${PHONE} +86 ${PHONE} pay ${WECHAT_CODE} ${ALIPAY_CODE}`);
    for (const secret of [ID, ID2, PHONE, WECHAT_CODE, ALIPAY_CODE]) expect(out).not.toContain(secret);
    expect(out).toContain('[ID]');
    expect(out).toContain('[PHONE]');
  });

  it('redacts by key, deeply, without touching the input', () => {
    const r = new PiiRedactor();
    const input = { card: { name: NAME, address: ADDRESS, idNumber: ID, photo: new Uint8Array(10) }, ok: true, count: 3 };
    const out = JSON.stringify(r.redact(input));
    for (const secret of [NAME, ADDRESS, ID]) expect(out).not.toContain(secret);
    expect(out).toContain('"ok":true');
    expect(out).toContain('"count":3');
    expect(input.card.name).toBe(NAME);
  });

  it('redacts registered session values wherever they appear, until cleared', () => {
    const r = new PiiRedactor();
    r.registerSensitive(NAME);
    expect(r.redactString(`applicant ${NAME} at the kiosk`)).toBe('applicant [REDACTED] at the kiosk');
    r.clearSensitive();
    expect(r.redactString(`applicant ${NAME}`)).toContain(NAME);
  });

  it('the core logger writes no PII to its lines', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l) });
    log.redactor.registerSensitive(NAME);
    log.child('idcard').info(`read card of ${NAME} ${ID}`, { holder: NAME, detail: `addr ${ADDRESS} phone ${PHONE}`, code: WECHAT_CODE, error: new Error(`bad ${ID}`) });
    log.info('payment.code', { scanned: `${ALIPAY_CODE}` });
    const all = lines.join('\n');
    expect(lines.length).toBe(2);
    for (const secret of [NAME, ID, PHONE, WECHAT_CODE, ALIPAY_CODE]) expect(all).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ module: 'idcard', level: 30 });
  });

  it('debug lines are redacted too, when the logger runs at debug level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
    log.child('scanner').debug(`raw scan ${WECHAT_CODE}`, { text: WECHAT_CODE, idNumber: ID });
    expect(lines.length).toBe(1);
    expect(lines[0]).not.toContain(WECHAT_CODE);
    expect(lines[0]).not.toContain(ID);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 20, module: 'scanner' });
  });

  it('masks for receipts and screens', () => {
    expect(maskIdNumber(ID)).toBe('420***********123X');
    expect(maskName(NAME)).toBe('张**');
  });
});
