// The outbox record of one application (kind `application.submitted`, stream = case number):
// one record per case carrying every item and every field exactly once. Non-PII structure goes
// in `payload` (kept in clear after the purge); identity, answers, material images and the
// signature go in `pii` (AES-256-GCM at rest, purged after acknowledgement + retention). Pure.
import type { IdCardData } from '../../../src-common/api/devices';
import type { OutboxRecord } from '../outbox/outboxTypes';
import type { ApplicationTarget } from './applicationTarget';
import type { AcceptedMaterial } from './materialRules';

export const APPLICATION_EVENT_KIND = 'application.submitted';

/** Who applies: the card read in the session, or (补领, 临时身份证) the name and number the citizen typed. */
export type ApplicantIdentity =
  | { readonly source: 'idCard'; readonly card: IdCardData } // read from the resident ID card
  | { readonly source: 'declared'; readonly name: string; readonly idNumber: string }; // typed; checked in person at collection

/** What the submit handler knows once everything validated. */
export interface ApplicationFacts {
  readonly caseNumber: string;
  readonly kioskCode: string;
  readonly target: ApplicationTarget;
  readonly applicant: ApplicantIdentity;
  readonly answers: Readonly<Record<string, string>>;
  readonly fromCard: readonly string[];
  readonly materials: readonly AcceptedMaterial[];
  readonly signature: { readonly mimeType: string; readonly base64: string };
  readonly submittedAt: string;
  readonly consentAt: string;
  readonly catalogVersion: string;
}

/** The card's identity fields the back office needs (never the photo: it stays opaque in the core). */
function applicantOf(applicant: ApplicantIdentity): Record<string, unknown> {
  if (applicant.source === 'declared') return { name: applicant.name, idNumber: applicant.idNumber };
  const card = applicant.card;
  return {
    cardType: card.cardType,
    name: card.name,
    idNumber: card.idNumber,
    sex: card.sex,
    birthDate: card.birthDate,
    address: card.address,
    issuer: card.issuer,
    validFrom: card.validFrom,
    validTo: card.validTo,
    ...(card.nation !== undefined ? { nation: card.nation } : {}),
    ...(card.passNumber !== undefined ? { passNumber: card.passNumber } : {}),
    ...(card.issueCount !== undefined ? { issueCount: card.issueCount } : {}),
    ...(card.englishName !== undefined ? { englishName: card.englishName } : {}),
    ...(card.nationality !== undefined ? { nationality: card.nationality } : {}),
  };
}

export function applicationRecord(f: ApplicationFacts): OutboxRecord {
  const { target } = f;
  return {
    streamKey: f.caseNumber,
    kind: APPLICATION_EVENT_KIND,
    occurredAt: f.submittedAt,
    payload: {
      caseNumber: f.caseNumber,
      kioskCode: f.kioskCode,
      kind: target.kind,
      id: target.id,
      name: target.name,
      catalogVersion: f.catalogVersion,
      feeFen: target.feeFen,
      submittedAt: f.submittedAt,
      consentAt: f.consentAt,
      identity: f.applicant.source === 'idCard' ? { source: 'idCard', cardType: f.applicant.card.cardType, checkDigitValid: f.applicant.card.checkDigitValid, idNumberCheck: f.applicant.card.idNumberCheck } : { source: 'declared' },
      items: target.items.map((item) => ({
        itemId: item.id,
        name: item.name,
        department: item.department,
        feeFen: item.feeFen,
        // Each of the item's own field keys, pointing at the one answer that serves it.
        fields: target.fields.flatMap((tf) => tf.serves.filter((s) => s.itemId === item.id).map((s) => ({ fieldKey: s.fieldKey, answerKey: tf.key }))),
      })),
      fields: target.fields.map((tf) => ({ key: tf.key, label: tf.field.label, type: tf.field.type, answered: f.answers[tf.key] !== undefined, fromCard: f.fromCard.includes(tf.key) })),
      materials: f.materials.map((m) => ({
        materialId: m.need.id,
        reuseKey: m.need.reuseKey,
        name: m.need.name,
        mode: m.submitted.mode,
        requiredLevel: m.need.trustLevel,
        heldLevel: m.heldLevel,
        imageCount: m.submitted.images.length,
        servesItems: m.need.servesItems,
      })),
    },
    pii: {
      applicant: applicantOf(f.applicant),
      answers: f.answers,
      materialImages: f.materials.filter((m) => m.submitted.images.length > 0).map((m) => ({ materialId: m.need.id, images: m.submitted.images })),
      signature: f.signature,
    },
  };
}
