// Field and form validation: every message is Chinese and English and says what to fix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormField, FormSchema, type FormFieldInput } from '../../../src-common/forms/formSchema';
import { idNumberCheckChar, isValidIdNumber, validateField, validateForm } from '../../../src-common/forms/validateForm';

const field = (input: FormFieldInput) => FormField.parse(input);
const phone = field({ key: 'phone', label: { zh: '联系电话', en: 'Mobile phone' }, type: 'phone', validation: { required: true }, reuseKey: 'applicant.phone' });
const idNumber = field({ key: 'idNumber', label: { zh: '公民身份号码', en: 'ID number' }, type: 'idNumber', validation: { required: true } });

/** A valid ID number built from an area code, a birth date and a sequence (a made-up person). */
function makeIdNumber(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}

describe('validateField', () => {
  it('asks for an 11-digit mobile number with an example', () => {
    expect(validateField(phone, '1380013800')).toEqual({ zh: '请输入11位手机号码，例如 13800138000', en: 'Please enter an 11-digit mobile number, e.g. 13800138000' });
    expect(validateField(phone, '23800138000')).toBeDefined();
    expect(validateField(phone, ' 13800138000 ')).toBeUndefined();
  });

  it('names a missing required field', () => {
    expect(validateField(phone, '')?.zh).toBe('请填写“联系电话”，此项为必填');
    expect(validateField(phone, undefined)?.en).toBe('Please fill in "Mobile phone"; it is required');
    const optional = field({ key: 'note', label: { zh: '备注', en: 'Note' }, type: 'textarea' });
    expect(validateField(optional, '')).toBeUndefined();
  });

  it('checks the ID number shape and its GB 11643 check digit', () => {
    const valid = makeIdNumber('42020219650801123');
    expect(validateField(idNumber, valid)).toBeUndefined();
    expect(validateField(idNumber, valid.toLowerCase())).toBeUndefined();
    expect(validateField(idNumber, '4202021965')?.zh).toMatch(/18位/);
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(validateField(idNumber, wrongCheck)?.zh).toMatch(/校验不通过.*核对/);
    expect(isValidIdNumber(makeIdNumber('42020219650231123'))).toBe(false); // 31 February
    // The standard's worked example (GB 11643-1999 appendix): 11010519491231002X.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('any 17 digits with a real birth date get exactly one valid check character', () => {
    fc.assert(
      fc.property(fc.integer({ min: 110000, max: 659999 }), fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (area, birth, seq) => {
        const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
        const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
        const valid = [...'0123456789X'].filter((c) => isValidIdNumber(first17 + c));
        expect(valid).toEqual([idNumberCheckChar(first17)]);
      }),
    );
  });

  it('bounds numbers, dates and text lengths, and names the limit', () => {
    const count = field({ key: 'size', label: { zh: '家庭人口数', en: 'Household size' }, type: 'number', validation: { required: true, min: 1, max: 20 } });
    expect(validateField(count, 'three')?.zh).toMatch(/请输入数字/);
    expect(validateField(count, '0')?.zh).toBe('“家庭人口数”不能小于 1');
    expect(validateField(count, '21')?.en).toBe('"Household size" must be at most 20');
    expect(validateField(count, '3')).toBeUndefined();
    const date = field({ key: 'd', label: { zh: '预约日期', en: 'Appointment date' }, type: 'date', validation: { min: '2026-01-01' } });
    expect(validateField(date, '2026/03/01')?.zh).toMatch(/年-月-日.*例如/);
    expect(validateField(date, '2026-02-30')).toBeDefined();
    expect(validateField(date, '2025-12-31')?.zh).toMatch(/不能早于 2026-01-01/);
    const name = field({ key: 'n', label: { zh: '姓名', en: 'Name' }, type: 'text', validation: { min: 2, max: 4 } });
    expect(validateField(name, '张')?.zh).toMatch(/至少需要 2 个字/);
    expect(validateField(name, '欧阳娜娜娜')?.zh).toMatch(/最多 4 个字/);
  });

  it('checks patterns with their hint and select options by listing the choices', () => {
    const code = field({ key: 'c', label: { zh: '出生医学证明编号', en: 'Certificate number' }, type: 'text', example: 'Q420123456', validation: { pattern: '[A-Z]\\d{9}', patternHint: { zh: '1位大写字母加9位数字', en: 'one capital letter and 9 digits' } } });
    expect(validateField(code, 'Q42012345')).toEqual({ zh: '“出生医学证明编号”应为1位大写字母加9位数字，例如 Q420123456', en: '"Certificate number" must be one capital letter and 9 digits, e.g. Q420123456' });
    expect(validateField(code, 'xQ420123456')).toBeDefined(); // the pattern is anchored
    const sex = field({ key: 's', label: { zh: '性别', en: 'Sex' }, type: 'select', validation: { options: [{ value: 'male', label: { zh: '男', en: 'Male' } }, { value: 'female', label: { zh: '女', en: 'Female' } }] } });
    expect(validateField(sex, 'other')?.zh).toBe('请从以下选项中选择“性别”：男、女');
    expect(validateField(sex, 'female')).toBeUndefined();
  });
});

describe('validateForm and the form schema', () => {
  it('lists problems in form order', () => {
    const problems = validateForm({ fields: [phone, idNumber] }, { phone: '123' });
    expect(problems.map((p) => p.key)).toEqual(['phone', 'idNumber']);
    expect(validateForm({ fields: [phone] }, { phone: '13800138000' })).toEqual([]);
  });

  it('refuses duplicate keys, select fields without options and broken patterns', () => {
    const result = FormSchema.safeParse({
      fields: [
        { key: 'a', label: { zh: '甲', en: 'A' }, type: 'text' },
        { key: 'a', label: { zh: '乙', en: 'B' }, type: 'select' },
        { key: 'c', label: { zh: '丙', en: 'C' }, type: 'text', validation: { pattern: '([' } },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/duplicate field key "a"/);
    expect(messages).toMatch(/select field "a" needs options/);
    expect(messages).toMatch(/invalid pattern/);
  });
});
