// The acceptance receipt (受理回执) of a case, from the printing domain's template: case number,
// item or bundle name, applicant masked, time in Beijing, kiosk code and the tracking QR.
import type { ReceiptDocument } from '../../../drivers/printer/escpos/receiptDocument';
import { acceptanceReceipt } from '../printing/receipts/receiptTemplates';

export interface AcceptanceFacts {
  readonly hallName: string;
  readonly kioskCode: string;
  readonly caseNumber: string;
  readonly name: string;
  readonly applicantName: string;
  readonly applicantIdNumber: string;
  readonly submittedAt: string;
  readonly promisedWorkingDays?: number;
  /** `https://…?case={caseNumber}`; absent = the QR holds the bare case number (the kiosk's scanner reads it back). */
  readonly trackingUrlTemplate?: string;
}

/** What the tracking QR encodes: the case number itself, or the configured URL with it filled in. */
export function trackingQrData(caseNumber: string, template: string | undefined): string {
  return template ? template.replaceAll('{caseNumber}', encodeURIComponent(caseNumber)) : caseNumber;
}

export function acceptanceReceiptFor(f: AcceptanceFacts): ReceiptDocument {
  return acceptanceReceipt({
    hallName: f.hallName,
    kioskCode: f.kioskCode,
    caseNumber: f.caseNumber,
    itemName: f.name,
    // Masked by the template (maskName / maskIdNumber); the full values never reach the printer.
    applicantName: f.applicantName,
    applicantIdNumber: f.applicantIdNumber,
    acceptedAt: f.submittedAt,
    trackingUrl: trackingQrData(f.caseNumber, f.trackingUrlTemplate),
    ...(f.promisedWorkingDays !== undefined ? { promisedDays: f.promisedWorkingDays } : {}),
  });
}
