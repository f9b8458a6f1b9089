// Fictitious sample receipts for the CLI, the diagnostics preview, tests and the benchmark.
// The ID number is the GB 11643 standard's own example; the names are invented.
import type { ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';
import type { ReceiptSample } from '../../../../src-common/api/printing';
import { fen } from '../../../../src-common/domain/money';
import { acceptanceReceipt, cashCollectionReport, paymentReceipt, refundClaimReceipt, testPage } from './receiptTemplates';

export interface SampleContext {
  readonly hallName: string;
  readonly kioskCode: string;
  readonly deviceId: string;
  /** UTC ISO-8601 used for every time on the sample. */
  readonly at: string;
  /** Use a rare-character applicant (surname 𠮷, kept by maskName) to exercise the raster fallback. */
  readonly rareName?: boolean;
}

export const SAMPLE_CASE_NUMBER = 'DEMO01-20261126-0001';
export const SAMPLE_TRACKING_URL = `https://zwfw.example.gov.cn/track?case=${SAMPLE_CASE_NUMBER}`;

export function sampleReceipt(sample: ReceiptSample, c: SampleContext): ReceiptDocument {
  switch (sample) {
    case 'acceptance':
      return acceptanceReceipt({
        hallName: c.hallName,
        kioskCode: c.kioskCode,
        caseNumber: SAMPLE_CASE_NUMBER,
        itemName: '居住证签注',
        applicantName: c.rareName ? '𠮷䶮' : '张三丰',
        applicantIdNumber: '11010519491231002X',
        acceptedAt: c.at,
        trackingUrl: SAMPLE_TRACKING_URL,
        promisedDays: 5,
      });
    case 'payment':
      return paymentReceipt({ hallName: c.hallName, kioskCode: c.kioskCode, orderId: 'PAY-20261126-000042', itemName: '不动产登记费', amount: fen(8000), method: 'cash', inserted: fen(8000), paidAt: c.at, caseNumber: SAMPLE_CASE_NUMBER, verifyUrl: 'https://zwfw.example.gov.cn/pay?o=PAY-20261126-000042' });
    case 'refundClaim':
      return refundClaimReceipt({ hallName: c.hallName, kioskCode: c.kioskCode, claimId: 'CLM-20261126-0003', amountDue: fen(8000), amountInserted: fen(5000), reason: '纸币识别器故障，交易未完成', occurredAt: c.at, hotline: '12345', claimUrl: 'https://zwfw.example.gov.cn/claim?c=CLM-20261126-0003' });
    case 'cashCollection':
      return cashCollectionReport({ kioskCode: c.kioskCode, reportId: 'CC-20261126-01', periodStart: '2026-11-25T16:00:00Z', collectedAt: c.at, operatorId: 'T0042', notes: [{ denomination: fen(10000), count: 3 }, { denomination: fen(5000), count: 2 }, { denomination: fen(1000), count: 7 }], journalTotal: fen(47000) });
    case 'testPage':
      return testPage({ kioskCode: c.kioskCode, deviceId: c.deviceId, printedAt: c.at });
    default: {
      const unreachable: never = sample;
      throw new Error(`unknown sample ${String(unreachable)}`);
    }
  }
}
