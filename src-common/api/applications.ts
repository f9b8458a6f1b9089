// Applications (受理): submit an item or a bundle for the citizen identified by the ID card read
// in this session, with the answers, materials and signature collected once. The core writes the
// application and its outbox job in one transaction, numbers the case, prints the acceptance
// receipt, and says honestly whether the platform has acknowledged it yet.
import { z } from 'zod';
import { defineMethod } from './contract';
import { FenSchema } from '../domain/money';
import { TrustLevel } from '../forms/materials';

/** A JPEG or PNG image as base64 (no data: prefix), at most ~4 MB decoded. */
const ImageBase64 = z.string().min(16).max(6_000_000);

export const SubmittedMaterial = z.object({
  /** The material id of the item (or bundle) requirement. */
  materialId: z.string().max(64),
  reuseKey: z.string().max(128),
  /** How the citizen provided it. */
  mode: z.enum([
    'photo', // photographed with the document camera (trust level C)
    'atWindow', // original to be checked at a window (原件到窗口核验)
    'pledge', // citizen's written pledge (告知承诺, trust level D)
  ]),
  trustLevel: TrustLevel,
  images: z.array(z.object({ mimeType: z.enum(['image/jpeg', 'image/png']), base64: ImageBase64 })).max(10).default([]),
});
export type SubmittedMaterial = z.infer<typeof SubmittedMaterial>;

export const ApplicationSyncState = z.enum([
  'queued', // committed locally and in the outbox; not yet acknowledged (offline or in flight)
  'acknowledged', // the platform acknowledged it: "已提交至后台审批"
  'deadLetter', // the platform rejected it as invalid; a technician must look (the citizen keeps the receipt)
]);
export type ApplicationSyncState = z.infer<typeof ApplicationSyncState>;

export const ReceiptOutcome = z.enum(['printed', 'failed', 'unknown', 'notAttempted']);

export const SubmitResult = z.object({
  /** `{kioskCode}-{yyyymmdd}-{seq}`, unique per kiosk; the tracking QR encodes it. */
  caseNumber: z.string(),
  syncState: ApplicationSyncState,
  receipt: z.object({ outcome: ReceiptOutcome, reason: z.string().optional() }),
  /** Sum of the items' fees; payable next in the 缴费 journey of this session. */
  feeFen: FenSchema,
  itemIds: z.array(z.string()),
  submittedAt: z.string(),
});
export type SubmitResult = z.infer<typeof SubmitResult>;

export const applicationsMethods = {
  'Application.Submit': defineMethod({
    name: 'Application.Submit',
    input: z
      .object({
        kind: z.enum(['item', 'bundle']),
        id: z.string().max(64),
        /** Answers by field key (merged key for bundles); the identity fields come from the card in the core, not from here. */
        answers: z.record(z.string().max(64), z.string().max(2000)),
        materials: z.array(SubmittedMaterial).max(40),
        signature: z.object({ mimeType: z.literal('image/png'), base64: ImageBase64 }),
        /** When the citizen agreed on the consent screen (UTC ISO-8601). */
        consentAt: z.string().datetime(),
        /** Repeating a submission with the same key returns the first result (double taps, retries). */
        idempotencyKey: z.string().min(8).max(64),
      })
      .strict(),
    output: SubmitResult,
    errors: [
      'noCardRead', // no ID card was read in this session (a typed identity is accepted only for items whose applicantIdentity is declared)
      'checkDigitInvalid', // the card's number fails its check digit: a staffed window must look
      'notOffered', // the item or bundle is not offered at this kiosk
      'answersInvalid', // required answers are missing or malformed (the form screen checks first)
      'materialsMissing', // required materials are missing or not in an accepted form
      'malformedInput', // images, signature or consent time are not what the screen sends
      'notRecorded', // the database refused the write: nothing was submitted
      'keyReused', // the idempotency key belongs to another session
      'faceCheckRequired', // the item (or one in the bundle) needs 人证核验 and the card holder has not passed it in this session
    ],
    requiresSession: true,
    summary: 'Validates and records an application with its outbox job in one transaction, then prints the acceptance receipt.',
  }),
  'Application.WaitAcknowledged': defineMethod({
    name: 'Application.WaitAcknowledged',
    input: z.object({ caseNumber: z.string().max(64), timeoutSeconds: z.number().int().min(1).max(120).default(10) }).strict(),
    output: z.object({ caseNumber: z.string(), syncState: ApplicationSyncState }),
    errors: [
      'noSession', // the session ended
      'unknownCase', // the case was not submitted in this session
    ],
    requiresSession: true,
    summary: 'Resolves as soon as the platform acknowledges the case, or with its current state at the timeout.',
  }),
  'Application.SessionCases': defineMethod({
    name: 'Application.SessionCases',
    input: z.object({}).strict(),
    output: z.object({
      cases: z.array(z.object({ caseNumber: z.string(), name: z.object({ zh: z.string(), en: z.string() }), feeFen: FenSchema, paid: z.boolean(), syncState: ApplicationSyncState })),
    }),
    errors: [
      'noSession', // the session ended
    ],
    requiresSession: true,
    summary: 'The cases submitted in this session, with their fees (the 缴费 journey offers the unpaid ones).',
  }),
} as const;
