// Fills form fields whose `source` is the resident ID card, so the citizen types nothing the
// card already says. Only decoded text is used; the photo never enters a form.
import { assertNever } from '../result';
import type { FieldSource, FormField, IdCardFields } from './formSchema';

export interface Prefill {
  /** Values by field key. */
  readonly answers: Readonly<Record<string, string>>;
  /** Keys filled from the card: the UI shows them as read from the card (editable only by re-reading). */
  readonly filledKeys: readonly string[];
}

/** GB/T 2261.1 sex code → the option value forms use. */
const SEX_BY_CODE: Readonly<Record<string, string>> = { '1': 'male', '2': 'female' };

function valueFromCard(source: FieldSource, card: IdCardFields): string | undefined {
  switch (source) {
    case 'idCard.name':
      return card.name.trim() || undefined;
    case 'idCard.idNumber':
      return card.idNumber.trim().toUpperCase() || undefined;
    case 'idCard.address':
      return card.address.trim() || undefined;
    case 'idCard.birthDate': {
      const digits = card.birthDate.replace(/-/g, '');
      return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : undefined;
    }
    case 'idCard.sex':
      return SEX_BY_CODE[card.sexCode];
    case 'idCard.nation':
      return card.nationCode;
    default:
      return assertNever(source, 'field source');
  }
}

export function prefillFromIdCard(form: { readonly fields: readonly Pick<FormField, 'key' | 'source'>[] }, card: IdCardFields): Prefill {
  const answers: Record<string, string> = {};
  const filledKeys: string[] = [];
  for (const field of form.fields) {
    if (!field.source) continue;
    const value = valueFromCard(field.source, card);
    if (value === undefined) continue;
    answers[field.key] = value;
    filledKeys.push(field.key);
  }
  return { answers, filledKeys };
}
