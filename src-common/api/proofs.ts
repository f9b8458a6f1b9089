// Proofs (自助打印证明): the citizen identified by the card read in this session chooses a kind;
// the platform issues it with a verification code; the kiosk prints it as an A4 PDF.
import { z } from 'zod';
import { defineMethod } from './contract';
import { ProofKind } from '../wire/proofsWire';

export const PROOF_KIND_NAMES: Readonly<Record<z.infer<typeof ProofKind>, { zh: string; en: string }>> = {
  socialInsurance: { zh: '社会保险参保证明', en: 'Social insurance proof' },
  housingFund: { zh: '住房公积金缴存证明', en: 'Housing fund deposit proof' },
  residence: { zh: '户籍证明', en: 'Household registration proof' },
};

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
      print: z.object({ outcome: z.enum(['printed', 'failed', 'unknown', 'notAttempted']), reason: z.string().optional() }),
    }),
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

export const certificatesMethods = {
  'Certificate.Ready': defineMethod({
    name: 'Certificate.Ready',
    input: z.object({}).strict(),
    output: z.object({ certificates: z.array(CertificateEntry) }),
    requiresSession: true,
    summary: 'Certificates ready for the holder of the card read in this session (online).',
  }),
  'Certificate.Print': defineMethod({
    name: 'Certificate.Print',
    input: z.object({ certificateNumber: z.string().max(64), idempotencyKey: z.string().min(8).max(64) }).strict(),
    output: z.object({
      certificateNumber: z.string(),
      title: z.string(),
      print: z.object({ outcome: z.enum(['printed', 'failed', 'unknown', 'notAttempted']), reason: z.string().optional() }),
      remainingQuota: z.number().int().nonnegative(),
    }),
    requiresSession: true,
    summary: 'Prints a ready certificate on the certificate printer; only a confirmed print consumes the quota.',
  }),
} as const;
