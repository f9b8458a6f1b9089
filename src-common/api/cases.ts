// Case progress (自助查询): the platform's status of a case number from a receipt, typed on the
// keypad or scanned from the receipt's tracking QR.
import { z } from 'zod';
import { defineMethod } from './contract';

export const CaseProgress = z.enum(['received', 'inReview', 'approved', 'rejected', 'readyForPickup', 'pickedUp']);
export type CaseProgress = z.infer<typeof CaseProgress>;

/** The order a case moves through; `rejected` ends it early. */
export const CASE_PROGRESS_ORDER: readonly CaseProgress[] = ['received', 'inReview', 'approved', 'readyForPickup', 'pickedUp'];

/** `{kioskCode}-{yyyymmdd}-{seq}` as printed on acceptance receipts. */
export const CaseNumber = z.string().regex(/^[A-Z0-9]{2,16}-\d{8}-\d{4}$/);

export const casesMethods = {
  'Case.Query': defineMethod({
    name: 'Case.Query',
    input: z.object({ caseNumber: CaseNumber }).strict(),
    output: z.object({
      caseNumber: z.string(),
      status: CaseProgress,
      /** The service's name as one line (zh then en), for cases that do not carry `service`. */
      serviceName: z.string(),
      /** The service's name in both languages (cases submitted at a kiosk; absent on older seeded ones). */
      service: z.object({ zh: z.string(), en: z.string() }).optional(),
      updatedAt: z.string(),
      note: z.string().optional(),
    }),
    errors: [
      'caseNotFound', // the platform knows no case with this number
      'platformUnavailable', // the central platform cannot be reached (this query is online only)
    ],
    requiresSession: true,
    summary: 'The platform’s current status of a case (online only); unknown numbers complete with userError.',
  }),
} as const;
