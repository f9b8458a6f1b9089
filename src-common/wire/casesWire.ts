// The kiosk↔platform wire of cases (自助查询, 取证 and 缴费 of a case): a submitted application
// becomes a case at the platform, a back office moves it through its states, and kiosks ask for
// it by case number or by the holder's ID card. Admin (back-office) shapes are here too. Pure: zod.
import { z } from 'zod';

const Iso = z.string().datetime({ offset: true });
const Fen = z.number().int().nonnegative();
const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** Where a case stands. The order and the allowed moves are in platform/server/cases/caseLifecycle.ts. */
export const CaseStatusCode = z.enum([
  'received', // 已受理: the kiosk's submission arrived at the platform; nobody has started on it
  'inReview', // 审批中: a clerk is examining it
  'approved', // 已办结: decided in the applicant's favour
  'rejected', // 不予受理: refused, the reason in `note`; final
  'readyForPickup', // 待领取: its certificate is made; the holder may print it at a kiosk (取证)
  'pickedUp', // 已领取: the certificate was printed (a confirmed print) or handed over; final
]);
export type CaseStatusCode = z.infer<typeof CaseStatusCode>;

/** One step of a case's history as kiosks see it (who moved it stays in the back office). */
export const CaseStep = z.object({ status: CaseStatusCode, at: Iso });

/** The fee of a case: what the applicant owes and whether it has been paid (by any kiosk or channel). */
export const CaseFeeState = z.object({
  amountFen: Fen,
  status: z.enum([
    'unpaid', // owed; payable at any kiosk by case number or ID card
    'paid', // a live settlement exists
    'noFee', // the service is free
  ]),
});

/** `GET /v1/cases/{caseNumber}`, and each item of `POST /v1/cases/of-holder`. */
export const CaseStatus = z.object({
  caseNumber: z.string(),
  status: CaseStatusCode,
  /** The service's name as one line (zh then en); kept for older kiosks. */
  serviceName: z.string(),
  updatedAt: Iso,
  /** Why it was rejected, or what the holder should do next. */
  note: z.string().optional(),
  /** The service's name in both languages (cases submitted at a kiosk; absent on seeded ones). */
  service: Bilingual.optional(),
  submittedAt: Iso.optional(),
  fee: CaseFeeState.optional(),
  /** Every status it has had, oldest first. */
  history: z.array(CaseStep).max(20).optional(),
});
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * An ID card holder, for lookups by card. Only the number is needed; it travels in a signed POST
 * body (never in a URL, which proxies log) and the platform keeps only a keyed hash of it.
 */
export const HolderLookupRequest = z.object({ holder: z.object({ idNumber: z.string().min(15).max(18) }) });
export type HolderLookupRequest = z.infer<typeof HolderLookupRequest>;

/** Most cases (or fees) a lookup by ID card answers, newest first. */
export const MAX_HOLDER_CASES = 20;

export const CasesOfHolderResponse = z.object({ cases: z.array(CaseStatus).max(MAX_HOLDER_CASES) });
export type CasesOfHolderResponse = z.infer<typeof CasesOfHolderResponse>;

/** A case's fee, payable later at any kiosk (`payable: {kind: 'case', caseNumber}`). */
export const CaseFeeDetail = z.object({
  caseNumber: z.string(),
  itemName: Bilingual,
  /** e.g. 王**: enough for the citizen to recognise the case, useless to anyone else. */
  payerMasked: z.string(),
  amountFen: z.number().int().positive(),
  status: z.enum(['unpaid', 'paid']),
  paidAt: Iso.optional(),
});
export type CaseFeeDetail = z.infer<typeof CaseFeeDetail>;

/** `POST /v1/payments/cases/of-holder`: the holder's unpaid case fees. */
export const CaseFeesOfHolderResponse = z.object({ fees: z.array(CaseFeeDetail).max(MAX_HOLDER_CASES) });
export type CaseFeesOfHolderResponse = z.infer<typeof CaseFeesOfHolderResponse>;

// ---- back office (admin API) ------------------------------------------------------------

/** The certificate a case yields when it becomes readyForPickup (defaults from the service when absent). */
export const CaseCertificateRequest = z.object({
  title: z.string().min(1).max(100),
  kind: z.string().min(1).max(50),
  /** Values for the preprinted stock (itemName, validity, issuingDepartment, issuedDate…); the holder's name is added at the kiosk's request. */
  fields: z.record(z.string().max(50), z.string().max(200)).refine((f) => Object.keys(f).length <= 20, 'at most 20 fields'),
  printQuota: z.number().int().min(1).max(10),
});

/** A move of a case one step, as the case store takes it (`POST /admin/cases/{caseNumber}/transitions`, platform/api/cases.ts). */
export const CaseTransitionRequest = z.object({
  to: CaseStatusCode,
  /** Who decided (the signed-in back-office account); recorded in the case's audit trail. */
  actor: z.string().min(1).max(100),
  /** Required when rejecting: the reason the applicant reads at the kiosk. */
  note: z.string().min(1).max(500).optional(),
  /** Refuse unless the case is still in this status (two clerks on one case). */
  expectedStatus: CaseStatusCode.optional(),
  certificate: CaseCertificateRequest.optional(),
});
export type CaseTransitionRequest = z.infer<typeof CaseTransitionRequest>;

/** One audited move of a case. */
export const CaseTransitionRecord = z.object({
  seq: z.number().int().positive(),
  /** null for the first step (the case was created). */
  from: CaseStatusCode.nullable(),
  to: CaseStatusCode,
  /** `kiosk:<id>` for creation and confirmed prints, else the back-office account. */
  actor: z.string(),
  at: Iso,
  note: z.string().nullable(),
});
export type CaseTransitionRecord = z.infer<typeof CaseTransitionRecord>;

/** A case as the back office sees it: no ID number, a masked name. */
export const AdminCase = z.object({
  caseNumber: z.string(),
  status: CaseStatusCode,
  serviceId: z.string().nullable(),
  service: Bilingual,
  kioskId: z.string().nullable(),
  holderNameMasked: z.string().nullable(),
  feeFen: Fen,
  submittedAt: Iso.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
  note: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  /** Moves made so far; `expectedRevision`-style concurrency uses `status` (expectedStatus). */
  revision: z.number().int().nonnegative(),
});
export type AdminCase = z.infer<typeof AdminCase>;
