// Proofs (自助打印证明): the citizen identified by the card read in this session chooses a kind;
// the platform issues it with a verification code; the kiosk prints it as an A4 PDF.
import { z } from 'zod';
import { defineMethod } from './contract';
import { ProofKind } from '../wire/proofsWire';

/** Why the card read in this session cannot identify the citizen (proofs and certificates). */
const HOLDER_ERRORS = [
  'noCardRead', // no ID card was read in this session
  'checkDigitInvalid', // the card's number fails its check digit: a staffed window must look
] as const;

const PrintOutcome = z.object({
  outcome: z.enum(['printed', 'failed', 'unknown', 'notAttempted']),
  /** Technician-facing English cause; never shown to a citizen. */
  reason: z.string().optional(),
});

/** An issued proof as the citizen checks it before printing (issue #16, defect 10); the holder masked. */
export const ProofPreview = z.object({
  kind: ProofKind,
  title: z.string(),
  /** The number printed on the sheet, for people (never the platform's internal key). */
  documentNumber: z.string(),
  holderName: z.string(),
  holderIdNumber: z.string(),
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
  statement: z.string(),
  issuingDepartment: z.string(),
  issuedAt: z.string(),
  verificationCode: z.string(),
});
export type ProofPreview = z.infer<typeof ProofPreview>;

export const proofsMethods = {
  'Proof.Issue': defineMethod({
    name: 'Proof.Issue',
    input: z.object({ kind: ProofKind, idempotencyKey: z.string().min(8).max(64) }).strict(),
    output: ProofPreview,
    errors: [
      ...HOLDER_ERRORS,
      'notIssued', // the platform declined to issue this proof for this citizen (no such record)
      'platformUnavailable', // the central platform cannot be reached (proofs are online only)
    ],
    requiresSession: true,
    summary: 'Issues the proof at the platform for the card read in this session and keeps it for Proof.Print with the same key; nothing is printed yet.',
  }),
  'Proof.Print': defineMethod({
    name: 'Proof.Print',
    input: z.object({ kind: ProofKind, idempotencyKey: z.string().min(8).max(64) }).strict(),
    output: z.object({
      proofId: z.string(),
      title: z.string(),
      verificationCode: z.string(),
      print: PrintOutcome,
    }),
    errors: [
      ...HOLDER_ERRORS,
      'notIssued', // the platform declined to issue this proof for this citizen (no such record)
      'platformUnavailable', // the central platform cannot be reached (proofs are online only)
    ],
    requiresSession: true,
    summary: 'Prints the proof Proof.Issue issued under the same key (or issues it first) on the A4 printer.',
  }),
} as const;

export const CertificateEntry = z.object({
  certificateNumber: z.string(),
  title: z.string(),
  itemName: z.string(),
  issuingDepartment: z.string(),
  /** Prints left, counting this kiosk's prints the platform has not acknowledged yet. */
  remainingQuota: z.number().int().nonnegative(),
});

/** 取证 hands a certificate only to its holder, checked by 人证核验 (FaceCheck.Verify) first. */
const FACE_CHECK_ERRORS = [
  'faceCheckRequired', // the card holder has not passed 人证核验 in this session
] as const;

export const certificatesMethods = {
  'Certificate.Ready': defineMethod({
    name: 'Certificate.Ready',
    input: z.object({}).strict(),
    output: z.object({ certificates: z.array(CertificateEntry) }),
    errors: [...HOLDER_ERRORS, ...FACE_CHECK_ERRORS, 'platformUnavailable'],
    requiresSession: true,
    summary: 'Certificates ready for the holder of the card read in this session (online).',
  }),
  'Certificate.Print': defineMethod({
    name: 'Certificate.Print',
    input: z.object({ certificateNumber: z.string().max(64), idempotencyKey: z.string().min(8).max(64) }).strict(),
    output: z.object({
      certificateNumber: z.string(),
      title: z.string(),
      print: PrintOutcome,
      remainingQuota: z.number().int().nonnegative(),
    }),
    errors: [
      ...HOLDER_ERRORS,
      ...FACE_CHECK_ERRORS,
      'platformUnavailable', // the central platform cannot be reached
      'notReady', // the certificate is not ready for this holder
      'quotaUsed', // every allowed print was made already (collected)
    ],
    requiresSession: true,
    summary: 'Prints a ready certificate on the certificate printer; only a confirmed print consumes the quota.',
  }),
} as const;
