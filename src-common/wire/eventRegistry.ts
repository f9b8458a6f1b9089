// Every outbox/wire event kind the kiosk sends and the platform accepts, with the zod schema of
// its payload (non-PII, kept in clear) and of its PII (encrypted at rest on the kiosk; `none` for
// kinds that must never carry personal data). The kiosk checks a record here before it is
// written; the platform checks each received item here and rejects an unknown kind or an invalid
// body as that one item, with the reason. Adding a kind = one entry below. Pure: zod only.
import { z } from 'zod';
import { APP_UPDATE_RESULT_KIND, AppUpdateResultPayload } from './appUpdateEvents';
import { BUNDLE_RESULT_KIND, BundleResultPayload, COMMAND_RESULT_KIND, CommandResultPayload } from './fleetEvents';
import { CASH_COLLECTED_KIND, PAYMENT_RECORDED_KIND, PaymentRecordedPayload, WirePayable } from './paymentsWire';
import { CASH_JOURNAL_ENTRY_KIND, CashJournalEntryPayload } from './cashJournalWire';
import { CERTIFICATE_PRINTED_KIND } from './proofsWire';
import { TECHNICIAN_ACTION_KIND, TechnicianActionPayload } from './technicianWire';
import { HELP_REQUESTED_KIND, HelpRequestedPayload, STRUGGLE_COUNTS_KIND, StruggleCountsPayload } from './helpWire';

const Fen = z.number().int().nonnegative();
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Iso = z.string().datetime({ offset: true });

/** What one event kind may carry. */
export interface EventKindSchema {
  /** Who enqueues it and what the platform does with it. */
  readonly description: string;
  readonly payload: z.ZodType<Record<string, unknown>>;
  /** The personal data it carries, or `none`: then any `pii` makes the event invalid. */
  readonly pii: z.ZodType<Record<string, unknown>> | 'none';
  /** The event is worthless without its PII (an application without its applicant). */
  readonly piiRequired?: boolean;
}

// ---- application.submitted (ApplicationService, src-main/core/applications/applicationRecord.ts)

const ApplicationSubmittedPayload = z.object({
  caseNumber: z.string().min(1).max(64),
  kioskCode: z.string().min(1).max(16),
  kind: z.enum(['item', 'bundle']),
  id: z.string().min(1).max(100),
  name: Bilingual,
  catalogVersion: z.string().max(100),
  feeFen: Fen,
  submittedAt: Iso,
  consentAt: Iso,
  // Read from the card, or typed for an item whose card is what it replaces (catalog `applicantIdentity: declared`).
  identity: z.discriminatedUnion('source', [z.looseObject({ source: z.literal('idCard'), cardType: z.string(), checkDigitValid: z.boolean() }), z.looseObject({ source: z.literal('declared') })]),
  items: z.array(z.looseObject({ itemId: z.string(), name: Bilingual, feeFen: Fen, fields: z.array(z.object({ fieldKey: z.string(), answerKey: z.string() })) })).min(1).max(50),
  fields: z.array(z.looseObject({ key: z.string(), answered: z.boolean(), fromCard: z.boolean() })).max(500),
  materials: z.array(z.looseObject({ materialId: z.string(), imageCount: z.number().int().nonnegative() })).max(100),
});

const Image = z.object({ mimeType: z.enum(['image/jpeg', 'image/png']), base64: z.string().min(1) });

const ApplicationSubmittedPii = z.object({
  // `cardType` only when the card was read; a declared applicant is a typed name and number.
  applicant: z.looseObject({ cardType: z.string().optional(), name: z.string().min(1), idNumber: z.string().min(1) }),
  answers: z.record(z.string(), z.string()),
  materialImages: z.array(z.object({ materialId: z.string(), images: z.array(Image) })),
  signature: Image,
});

// ---- payments (PaymentRecords, QrSettlement, src-main/core/payments)

const QrReconciledPayload = z.object({
  orderId: z.string().min(1),
  claimId: z.string().min(1),
  resolution: z.enum(['paid', 'failed', 'expired', 'reversed', 'closed']),
});

const QrClaimPayload = z.object({
  claimId: z.string().min(1),
  orderId: z.string().min(1),
  payable: WirePayable,
  amountFen: Fen,
  mode: z.enum(['displayedCode', 'paymentCode']),
  reason: z.string().max(2000),
});

/** `cash.claimCreated`: money a kiosk owes a citizen back, or an amount it cannot establish. */
const CashClaimPayload = z.object({
  claimId: z.string().min(1),
  txnId: z.string().min(1),
  kind: z.enum(['refund', 'unknown']),
  amountFen: Fen,
  dueFen: Fen,
  reason: z.string().max(2000),
  createdAt: Iso,
  deviceId: z.string().min(1),
});

/** `cash.collected` (清机, docs/technicians.md): the cash box emptied; the period it closes, counted two ways. */
const Tally = z.array(z.object({ denominationFen: Fen, count: z.number().int().nonnegative() })).max(20);
const CashCollectedPayload = z.object({
  collectionId: z.string().min(1).max(64),
  deviceId: z.string().min(1),
  technician: z.string().min(1).max(64),
  collectedAt: Iso,
  /** Journal entries (seq) after `periodStartSeq` up to `closingSeq` are the period; `closingHash` is the journal head that closes it. */
  periodStartSeq: z.number().int().nonnegative(),
  closingSeq: z.number().int().positive(),
  closingHash: z.string().regex(/^[0-9a-f]{64}$/),
  journal: Tally,
  journalTotalFen: Fen,
  physical: Tally,
  physicalTotalFen: Fen,
  differenceFen: z.number().int(),
  acceptorNotesInPeriod: z.number().int().nullable(),
});

// ---- certificates (certificatesModule: a confirmed print consumes one of the quota)

const CertificatePrintedPayload = z.object({ certificateNumber: z.string().min(1).max(100), printJobId: z.string().min(1).max(100) });

// ---- alerts (AlertService): a code, its severity and subject, plus the condition's detail

const AlertPayload = z.looseObject({
  code: z.string().min(1).max(64),
  severity: z.enum(['info', 'warning', 'critical']),
  subject: z.string().min(1).max(200),
});

export const EVENT_KINDS = {
  'application.submitted': {
    description: 'an application (item or 一件事 bundle) accepted at the kiosk; stream = case number',
    payload: ApplicationSubmittedPayload,
    pii: ApplicationSubmittedPii,
    piiRequired: true,
  },
  [PAYMENT_RECORDED_KIND]: {
    description: 'one paid record of a payable (cash or QR); settled exactly once at the platform',
    payload: PaymentRecordedPayload,
    pii: 'none',
  },
  'payment.qrReconciled': {
    description: 'how a QR order that had a claim finally ended',
    payload: QrReconciledPayload,
    pii: 'none',
  },
  'claim.qrPaymentUnknown': {
    description: 'a QR payment whose outcome the kiosk could not learn: a person follows it up',
    payload: QrClaimPayload,
    pii: 'none',
  },
  'cash.claimCreated': {
    description: 'a cash claim (refund owed, or an amount the kiosk cannot establish)',
    payload: CashClaimPayload,
    pii: 'none',
  },
  [CASH_COLLECTED_KIND]: {
    description: '清机: the cash box emptied by a technician; journal vs physical count per denomination, and the journal hash that closes the period',
    payload: CashCollectedPayload,
    pii: 'none',
  },
  [CASH_JOURNAL_ENTRY_KIND]: {
    description: 'one cash journal entry (amounts and ids, no PII), queued with the entry; stream cashJournal; the platform re-verifies the hash chain',
    payload: CashJournalEntryPayload,
    pii: 'none',
  },
  [CERTIFICATE_PRINTED_KIND]: {
    description: 'a confirmed certificate print; consumes one of its print quota',
    payload: CertificatePrintedPayload,
    pii: 'none',
  },
  'alert.raised': {
    description: 'a condition a technician must act on',
    payload: AlertPayload,
    pii: 'none',
  },
  'alert.cleared': {
    description: 'a raised condition ended',
    payload: AlertPayload,
    pii: 'none',
  },
  [BUNDLE_RESULT_KIND]: {
    description: 'what became of a signed config or catalog bundle on the kiosk (applied, rolled back, refused); drives rollouts',
    payload: BundleResultPayload,
    pii: 'none',
  },
  [APP_UPDATE_RESULT_KIND]: {
    description: 'what became of an app release on the kiosk (applied, rolled back, refused); drives app rollouts',
    payload: AppUpdateResultPayload,
    pii: 'none',
  },
  [COMMAND_RESULT_KIND]: {
    description: 'the outcome of one signed remote command, once per command id',
    payload: CommandResultPayload,
    pii: 'none',
  },
  [TECHNICIAN_ACTION_KIND]: {
    description: 'a technician on site: diagnostics entry attempts, exits and technician commands (screen or control channel); staff ids only',
    payload: TechnicianActionPayload,
    pii: 'none',
  },
  [HELP_REQUESTED_KIND]: {
    description: '呼叫帮助 at a hall kiosk: the step the citizen was on, nothing about them; raises citizenNeedsHelp at the platform',
    payload: HelpRequestedPayload,
    pii: 'none',
  },
  [STRUGGLE_COUNTS_KIND]: {
    description: 'anonymous counts per (service, step, signal) of one hour, aggregated on the kiosk; the platform adds them up',
    payload: StruggleCountsPayload,
    pii: 'none',
  },
  'dev.synthetic': {
    description: 'synthetic load from `budayang dev enqueue`, tests and benchmarks (refused in production by the CLI)',
    payload: z.record(z.string(), z.unknown()),
    pii: z.record(z.string(), z.unknown()),
  },
} as const satisfies Readonly<Record<string, EventKindSchema>>;

export type EventKind = keyof typeof EVENT_KINDS;

/** Deepest nesting of objects and arrays an event's payload or PII may have. */
export const MAX_EVENT_DEPTH = 32;

/** Why an event body is not acceptable, as one line a technician can act on. */
export type EventBodyProblem =
  // no registry entry: the sender is newer than the receiver, or has a typo
  | { readonly kind: 'unknownKind'; readonly message: string }
  // nested deeper than MAX_EVENT_DEPTH, or holds text PostgreSQL cannot store (NUL, lone surrogate)
  | { readonly kind: 'unstorable'; readonly message: string }
  // fails its kind's payload or PII schema
  | { readonly kind: 'invalid'; readonly message: string };

export function isEventKind(kind: string): kind is EventKind {
  return Object.prototype.hasOwnProperty.call(EVENT_KINDS, kind);
}

// Lone UTF-16 surrogates and NUL: valid in JS strings, refused by PostgreSQL's jsonb.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Walks a value iteratively (a hostile body must not overflow the stack) and reports the first
 * thing no store could keep: nesting past `maxDepth`, NUL, or a lone surrogate.
 */
export function findUnstorable(value: unknown, maxDepth = MAX_EVENT_DEPTH): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE_TEXT.test(v)) return 'text contains NUL or an unpaired UTF-16 surrogate';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels`;
    for (const [key, child] of Object.entries(v)) {
      if (UNSTORABLE_TEXT.test(key)) return 'a key contains NUL or an unpaired UTF-16 surrogate';
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 400);
}

/**
 * Checks an event's kind, payload and PII against the registry. Cheap for the common case: one
 * object lookup and the kind's pre-built zod schemas.
 */
export function checkEventBody(kind: string, payload: unknown, pii: unknown): EventBodyProblem | undefined {
  if (!isEventKind(kind)) return { kind: 'unknownKind', message: `unknown event kind ${kind.slice(0, 100)}` };
  const entry: EventKindSchema = EVENT_KINDS[kind];
  const deep = findUnstorable(payload) ?? (pii === undefined ? undefined : findUnstorable(pii));
  if (deep) return { kind: 'unstorable', message: `${kind}: ${deep}` };
  const parsedPayload = entry.payload.safeParse(payload);
  if (!parsedPayload.success) return { kind: 'invalid', message: `${kind} payload: ${describeIssues(parsedPayload.error)}` };
  if (entry.pii === 'none') {
    if (pii !== undefined && !(typeof pii === 'object' && pii !== null && Object.keys(pii).length === 0)) {
      return { kind: 'invalid', message: `${kind} carries no personal data, but this event has pii` };
    }
    return undefined;
  }
  if (pii === undefined) return entry.piiRequired ? { kind: 'invalid', message: `${kind} must carry its personal data (pii)` } : undefined;
  const parsedPii = entry.pii.safeParse(pii);
  if (!parsedPii.success) return { kind: 'invalid', message: `${kind} pii: ${describeIssues(parsedPii.error)}` };
  return undefined;
}
