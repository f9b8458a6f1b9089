// The kiosk↔platform wire for proof issuing (自助打印证明): the kiosk sends the identity read from
// the citizen's card (signed request), the platform issues the proof with a verification code.
import { z } from 'zod';

export const ProofKind = z.enum([
  'socialInsurance', // 社会保险参保证明
  'housingFund', // 住房公积金缴存证明
  'residence', // 户籍证明
]);
export type ProofKind = z.infer<typeof ProofKind>;

export const IssueProofRequest = z.object({
  kind: ProofKind,
  holder: z.object({ name: z.string().min(1).max(64), idNumber: z.string().min(15).max(18) }),
});
export type IssueProofRequest = z.infer<typeof IssueProofRequest>;

export const IssuedProof = z.object({
  proofId: z.string(),
  kind: ProofKind,
  title: z.string(),
  /** Rows of the proof's body table, in order. */
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
  statement: z.string(),
  issuingDepartment: z.string(),
  issuedAt: z.string(),
  verificationCode: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
  verifyUrl: z.string().url(),
});
export type IssuedProof = z.infer<typeof IssuedProof>;

/** Certificates (证照) ready for the holder to collect at a kiosk (自助取证). */
export const ReadyCertificatesRequest = z.object({
  holder: z.object({ name: z.string().min(1).max(64), idNumber: z.string().min(15).max(18) }),
});
export const ReadyCertificate = z.object({
  certificateNumber: z.string(),
  title: z.string(),
  /** Values for the preprinted stock's fields (holderName, itemName, validity, issuingDepartment, issuedDate). */
  fields: z.record(z.string(), z.string()),
  /** Prints left: the quota minus the prints the platform has recorded (`certificate.printed` events). */
  remainingQuota: z.number().int().nonnegative(),
});
export type ReadyCertificate = z.infer<typeof ReadyCertificate>;
export const ReadyCertificatesResponse = z.object({ certificates: z.array(ReadyCertificate) });

/** The outbox record a kiosk writes after a confirmed certificate print: it consumes one print of the quota. */
export const CERTIFICATE_PRINTED_KIND = 'certificate.printed';
