// One form for a bundle (一件事): the forms of its items merged so that each piece of
// information (reuseKey) is asked once, remembering which items it serves.
import type { FormField } from './formSchema';
import type { FormAnswers } from './validateForm';

export interface FormOwner {
  readonly id: string;
  readonly form: { readonly fields: readonly FormField[] };
}

export interface MergedField extends FormField {
  /** Key in the merged form: the reuseKey when there is one, else `itemId:fieldKey`. */
  readonly mergedKey: string;
  /** Each item this answer serves, with the field key it has in that item's own form. */
  readonly serves: ReadonlyArray<{ readonly itemId: string; readonly fieldKey: string }>;
}

export interface MergedForm {
  readonly fields: readonly MergedField[];
  /** Same reuseKey declared with different types: the first declaration was kept. A catalog bug. */
  readonly conflicts: ReadonlyArray<{ readonly reuseKey: string; readonly itemIds: readonly string[] }>;
}

export function mergeBundleForm(items: readonly FormOwner[]): MergedForm {
  const byKey = new Map<string, { field: FormField; serves: Array<{ itemId: string; fieldKey: string }>; required: boolean }>();
  const order: string[] = [];
  const conflicts = new Map<string, Set<string>>();
  for (const item of items) {
    for (const field of item.form.fields) {
      const mergedKey = field.reuseKey ?? `${item.id}:${field.key}`;
      const existing = byKey.get(mergedKey);
      if (!existing) {
        byKey.set(mergedKey, { field, serves: [{ itemId: item.id, fieldKey: field.key }], required: field.validation.required });
        order.push(mergedKey);
        continue;
      }
      existing.serves.push({ itemId: item.id, fieldKey: field.key });
      // Required for one item means required for the merged answer.
      existing.required ||= field.validation.required;
      if (existing.field.type !== field.type) {
        const set = conflicts.get(mergedKey) ?? new Set([existing.serves[0]!.itemId]);
        set.add(item.id);
        conflicts.set(mergedKey, set);
      }
    }
  }
  const fields = order.map((mergedKey): MergedField => {
    const entry = byKey.get(mergedKey)!;
    return { ...entry.field, validation: { ...entry.field.validation, required: entry.required }, key: entry.field.key, mergedKey, serves: entry.serves };
  });
  return { fields, conflicts: [...conflicts].map(([reuseKey, ids]) => ({ reuseKey, itemIds: [...ids] })) };
}

/** Answers of the merged form (by mergedKey) spread back into one item's own form (by field key). */
export function answersForItem(merged: MergedForm, itemId: string, mergedAnswers: FormAnswers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of merged.fields) {
    const value = mergedAnswers[field.mergedKey];
    if (value === undefined) continue;
    for (const target of field.serves) if (target.itemId === itemId) out[target.fieldKey] = value;
  }
  return out;
}

/** The merged form as a plain form keyed by mergedKey, for validateForm. */
export function mergedFormForValidation(merged: MergedForm): { fields: FormField[] } {
  return { fields: merged.fields.map((f) => ({ key: f.mergedKey, label: f.label, type: f.type, validation: f.validation, ...(f.example ? { example: f.example } : {}) })) };
}
