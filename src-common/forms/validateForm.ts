// Validation of form answers. Every message is a sentence in Chinese and English that says
// what to fix, with an example where one helps ("请输入11位手机号码，例如 13800138000").
import type { BilingualText, FieldType, FormField, FormSchema } from './formSchema';
import { assertNever } from '../result';

/** Answers as the citizen entered them, by field key. Absent or '' means not answered. */
export type FormAnswers = Readonly<Record<string, string | undefined>>;

export interface FieldProblem {
  readonly key: string;
  readonly message: BilingualText;
}

const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643-1999 check digit (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

export function isValidIdNumber(value: string): boolean {
  const upper = value.toUpperCase();
  if (!ID_NUMBER_PATTERN.test(upper)) return false;
  const birth = `${upper.slice(6, 10)}-${upper.slice(10, 12)}-${upper.slice(12, 14)}`;
  return isRealDate(birth) && idNumberCheckChar(upper) === upper[17];
}

function isRealDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function message(zh: string, en: string): BilingualText {
  return { zh, en };
}

/** Checks one answer against its field; undefined when it is acceptable. */
export function validateField(field: FormField, raw: string | undefined): BilingualText | undefined {
  const value = (raw ?? '').trim();
  const label = field.label;
  const rules = field.validation;
  if (value === '') {
    return rules.required ? message(`请填写“${label.zh}”，此项为必填`, `Please fill in "${label.en}"; it is required`) : undefined;
  }
  const typeProblem = checkType(field.type, value, label, field.example);
  if (typeProblem) return typeProblem;
  const boundsProblem = checkBounds(field, value);
  if (boundsProblem) return boundsProblem;
  if (rules.options && !rules.options.some((o) => o.value === value)) {
    const zhChoices = rules.options.map((o) => o.label.zh).join('、');
    const enChoices = rules.options.map((o) => o.label.en).join(', ');
    return message(`请从以下选项中选择“${label.zh}”：${zhChoices}`, `Please choose "${label.en}" from: ${enChoices}`);
  }
  if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(value)) {
    const hint = rules.patternHint;
    const example = field.example ? `，例如 ${field.example}` : '';
    const exampleEn = field.example ? `, e.g. ${field.example}` : '';
    return hint
      ? message(`“${label.zh}”应为${hint.zh}${example}`, `"${label.en}" must be ${hint.en}${exampleEn}`)
      : message(`“${label.zh}”的格式不正确，请核对后重新输入${example}`, `"${label.en}" is not in the expected format; please check it${exampleEn}`);
  }
  return undefined;
}

function checkType(type: FieldType, value: string, label: BilingualText, example: string | undefined): BilingualText | undefined {
  switch (type) {
    case 'text':
    case 'address':
    case 'textarea':
    case 'select':
      return undefined;
    case 'number':
      return Number.isFinite(Number(value)) && /^-?\d+(\.\d+)?$/.test(value)
        ? undefined
        : message(`“${label.zh}”请输入数字，例如 ${example ?? '100'}`, `"${label.en}" must be a number, e.g. ${example ?? '100'}`);
    case 'date':
      return isRealDate(value)
        ? undefined
        : message(`“${label.zh}”请按 年-月-日 输入日期，例如 ${example ?? '2024-03-15'}`, `"${label.en}" must be a date as year-month-day, e.g. ${example ?? '2024-03-15'}`);
    case 'phone':
      return MOBILE_PATTERN.test(value)
        ? undefined
        : message(`请输入11位手机号码，例如 13800138000`, `Please enter an 11-digit mobile number, e.g. 13800138000`);
    case 'idNumber':
      if (!ID_NUMBER_PATTERN.test(value.toUpperCase())) {
        return message(`请输入18位公民身份号码，最后一位可以是数字或字母X`, `Please enter the 18-character ID number; the last character may be a digit or X`);
      }
      return isValidIdNumber(value)
        ? undefined
        : message(`公民身份号码校验不通过，请逐位核对后重新输入`, `The ID number fails its check digit; please check each digit and enter it again`);
    default:
      return assertNever(type, 'field type');
  }
}

function checkBounds(field: FormField, value: string): BilingualText | undefined {
  const { min, max } = field.validation;
  const label = field.label;
  if (min === undefined && max === undefined) return undefined;
  switch (field.type) {
    case 'number': {
      const n = Number(value);
      if (typeof min === 'number' && n < min) return message(`“${label.zh}”不能小于 ${min}`, `"${label.en}" must be at least ${min}`);
      if (typeof max === 'number' && n > max) return message(`“${label.zh}”不能大于 ${max}`, `"${label.en}" must be at most ${max}`);
      return undefined;
    }
    case 'date':
      if (typeof min === 'string' && value < min) return message(`“${label.zh}”不能早于 ${min}`, `"${label.en}" must not be before ${min}`);
      if (typeof max === 'string' && value > max) return message(`“${label.zh}”不能晚于 ${max}`, `"${label.en}" must not be after ${max}`);
      return undefined;
    default: {
      const length = [...value].length;
      if (typeof min === 'number' && length < min) return message(`“${label.zh}”至少需要 ${min} 个字，请补充完整`, `"${label.en}" needs at least ${min} characters; please complete it`);
      if (typeof max === 'number' && length > max) return message(`“${label.zh}”最多 ${max} 个字，请精简`, `"${label.en}" may have at most ${max} characters; please shorten it`);
      return undefined;
    }
  }
}

/** Checks every field; the result lists problems in form order (empty = the form can be submitted). */
export function validateForm(form: Pick<FormSchema, 'fields'>, answers: FormAnswers): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of form.fields) {
    const problem = validateField(field, answers[field.key]);
    if (problem) problems.push({ key: field.key, message: problem });
  }
  return problems;
}
