// What is being applied for: one catalog item or a bundle (一件事), reduced to the same shape —
// its fields (merged for a bundle, each asked once), its materials and its fee — and the answers
// completed and checked against it. Identity fields come from the card read in the session,
// never from what the renderer sent. Pure.
import type { CatalogItem, BundleDetail } from '../../../src-common/api/catalog';
import type { IdCardData } from '../../../src-common/api/devices';
import type { BilingualText, FormField, IdCardFields } from '../../../src-common/forms/formSchema';
import { prefillFromIdCard } from '../../../src-common/forms/prefillFromIdCard';
import { validateForm, type FieldProblem } from '../../../src-common/forms/validateForm';
import { nationName } from '../../../drivers/idcard/idCardCodeTables';
import type { MaterialNeed } from './materialRules';
import type { Fen } from '../../../src-common/domain/money';

/** One field of the application: for a bundle, the merged field and the items it serves. */
export interface TargetField {
  /** The key answers use: the field key for an item, the merged key for a bundle. */
  readonly key: string;
  readonly field: FormField;
  readonly serves: ReadonlyArray<{ readonly itemId: string; readonly fieldKey: string }>;
}

export interface ApplicationTarget {
  readonly kind: 'item' | 'bundle';
  readonly id: string;
  readonly name: BilingualText;
  readonly items: readonly CatalogItem[];
  readonly fields: readonly TargetField[];
  readonly materials: readonly MaterialNeed[];
  readonly feeFen: Fen;
  /** For the receipt: the item's promise, or the longest of a bundle's items. */
  readonly promisedWorkingDays?: number;
}

export function itemTarget(item: CatalogItem): ApplicationTarget {
  return {
    kind: 'item',
    id: item.id,
    name: item.name,
    items: [item],
    fields: item.form.fields.map((field) => ({ key: field.key, field, serves: [{ itemId: item.id, fieldKey: field.key }] })),
    materials: item.materials.map((m) => ({ id: m.id, reuseKey: m.reuseKey, name: m.name, trustLevel: m.trustLevel, servesItems: [item.id] })),
    feeFen: item.feeFen,
    ...(item.promisedWorkingDays !== undefined ? { promisedWorkingDays: item.promisedWorkingDays } : {}),
  };
}

export function bundleTarget(detail: BundleDetail): ApplicationTarget {
  const promised = detail.items.flatMap((i) => (i.promisedWorkingDays !== undefined ? [i.promisedWorkingDays] : []));
  return {
    kind: 'bundle',
    id: detail.bundle.id,
    name: detail.bundle.name,
    items: detail.items,
    fields: detail.form.fields.map(({ mergedKey, serves, ...field }) => ({ key: mergedKey, field, serves })),
    materials: detail.materials.map((m) => ({ id: m.id, reuseKey: m.reuseKey, name: m.name, trustLevel: m.trustLevel, servesItems: m.servesItems })),
    feeFen: detail.totalFeeFen,
    ...(promised.length > 0 ? { promisedWorkingDays: Math.max(...promised) } : {}),
  };
}

const SEX_CODES: Readonly<Record<string, string>> = { 未知: '0', 男: '1', 女: '2', 未说明: '9' };

/** Nation name → GB 3304 code, built from the driver's own table so the two never disagree. */
const NATION_CODES: ReadonlyMap<string, string> = new Map(
  Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')).flatMap((code) => {
    const name = nationName(code);
    return name === code ? [] : [[name, code] as const];
  }),
);

/** The card as the form layer's prefill wants it (codes, not display names). */
export function idCardFields(card: IdCardData): IdCardFields {
  const nationCode = card.nation !== undefined ? NATION_CODES.get(card.nation) : undefined;
  return {
    name: card.name,
    idNumber: card.idNumber,
    address: card.address,
    birthDate: card.birthDate,
    sexCode: SEX_CODES[card.sex] ?? '',
    ...(nationCode ? { nationCode } : {}),
  };
}

export interface CompletedAnswers {
  /** Every answered field of the target, by its key, trimmed; unanswered optional fields are absent. */
  readonly answers: Readonly<Record<string, string>>;
  /** Keys filled from the ID card. */
  readonly fromCard: readonly string[];
  /** Keys the renderer sent that the form does not have (dropped, reported for the log). */
  readonly ignoredKeys: readonly string[];
  readonly problems: readonly FieldProblem[];
}

/** True when the target identifies the applicant by typed answers (补领, 临时身份证), not the card. */
export function identityDeclared(target: ApplicationTarget): boolean {
  return target.items.every((item) => item.applicantIdentity === 'declared');
}

/**
 * Completes the renderer's answers with the card and validates them. A field with an `idCard.*`
 * source takes the card's value; whatever the renderer sent for it is discarded, so a typed
 * identity can never replace the card's. Without a card (a declared identity) those fields are
 * the citizen's typed answers, checked like any other (the ID number by its check digit).
 */
export function completeAnswers(target: ApplicationTarget, sent: Readonly<Record<string, string>>, card: IdCardData | undefined): CompletedAnswers {
  const prefill = card
    ? prefillFromIdCard({ fields: target.fields.map((f) => ({ key: f.key, ...(f.field.source ? { source: f.field.source } : {}) })) }, idCardFields(card))
    : { answers: {} as Record<string, string>, filledKeys: [] as string[] };
  const answers: Record<string, string> = {};
  for (const { key, field } of target.fields) {
    const value = field.source && card ? prefill.answers[key] : sent[key]?.trim();
    if (value !== undefined && value !== '') answers[key] = value;
  }
  const known = new Set(target.fields.map((f) => f.key));
  // A value read from the card is the card's truth: it is not re-checked against the field's
  // type (an old foreigner's number is not 18 characters), only required-ness applies to it.
  const fromCard = new Set(prefill.filledKeys);
  const problems = validateForm({ fields: target.fields.map((f) => ({ ...f.field, key: f.key })) }, answers).filter((p) => !fromCard.has(p.key));
  return { answers, fromCard: prefill.filledKeys, ignoredKeys: Object.keys(sent).filter((k) => !known.has(k)), problems };
}
