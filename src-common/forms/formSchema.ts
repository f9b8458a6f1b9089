// The shape of an application form (受理表单) as the catalog declares it: fields with labels,
// validation, where a value can come from (the ID card) and the reuse key shared across items.
import { z } from 'zod';

export const BilingualText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type BilingualText = z.infer<typeof BilingualText>;

export const FieldType = z.enum([
  'text', // one line of free text
  'number', // a number; min/max bound its value
  'date', // calendar date, YYYY-MM-DD
  'select', // one of `options`
  'phone', // mainland mobile number, 11 digits starting with 1
  'idNumber', // 18-character resident ID number with its GB 11643 check digit
  'address', // postal address, free text
  'textarea', // several lines of free text
]);
export type FieldType = z.infer<typeof FieldType>;

/** Where a field can be filled from without typing: the resident ID card just read. */
export const FieldSource = z.enum(['idCard.name', 'idCard.idNumber', 'idCard.address', 'idCard.birthDate', 'idCard.sex', 'idCard.nation']);
export type FieldSource = z.infer<typeof FieldSource>;

export const SelectOption = z.object({ value: z.string().min(1), label: BilingualText });
export type SelectOption = z.infer<typeof SelectOption>;

export const FieldValidation = z
  .object({
    required: z.boolean().default(false),
    /** A JavaScript regular expression the whole value must match (anchors are added). */
    pattern: z.string().optional(),
    /** What the pattern expects, shown in the error message, e.g. {zh: '6位数字', en: '6 digits'}. */
    patternHint: BilingualText.optional(),
    /** For text: minimum/maximum length in characters; for number: minimum/maximum value; for date: YYYY-MM-DD bounds. */
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    options: z.array(SelectOption).optional(),
  })
  .default({ required: false });
export type FieldValidation = z.infer<typeof FieldValidation>;

export const FormField = z.object({
  /** Unique within the form. */
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  label: BilingualText,
  type: FieldType,
  validation: FieldValidation,
  /** An example value shown as a hint (never a real person's data). */
  example: z.string().optional(),
  source: FieldSource.optional(),
  /** The same piece of information across items (e.g. `applicant.phone`): asked once per session. */
  reuseKey: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/).optional(),
});
export type FormField = z.infer<typeof FormField>;
export type FormFieldInput = z.input<typeof FormField>;

export const FormSchema = z.object({ fields: z.array(FormField) }).superRefine((form, ctx) => {
  const seen = new Set<string>();
  form.fields.forEach((field, index) => {
    if (seen.has(field.key)) ctx.addIssue({ code: 'custom', path: ['fields', index, 'key'], message: `duplicate field key "${field.key}"` });
    seen.add(field.key);
    if (field.type === 'select' && !field.validation.options?.length) {
      ctx.addIssue({ code: 'custom', path: ['fields', index, 'validation', 'options'], message: `select field "${field.key}" needs options` });
    }
    if (field.validation.pattern !== undefined) {
      try {
        new RegExp(field.validation.pattern);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['fields', index, 'validation', 'pattern'], message: `field "${field.key}" has an invalid pattern` });
      }
    }
  });
});
export type FormSchema = z.infer<typeof FormSchema>;

/** The ID-card fields a form can be prefilled from (decoded text only; the photo never enters forms). */
export interface IdCardFields {
  readonly name: string;
  readonly idNumber: string;
  readonly address: string;
  /** YYYYMMDD as stored on the card, or YYYY-MM-DD. */
  readonly birthDate: string;
  /** GB/T 2261.1 code: '1' male, '2' female, '0' unknown, '9' unspecified. */
  readonly sexCode: string;
  /** GB 3304 two-digit nation code. */
  readonly nationCode?: string;
}
