// Prints the payment receipt (缴费凭证) of a payment record through the print service, one job id
// per payment (`payment:<paymentId>`), so a receipt is never printed twice for one payment; and
// the QR claim receipt (支付结果待确认凭证) when a QR payment's outcome could not be learned.
import type { Channel } from '../../../../src-common/wire/paymentsWire';
import type { ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';
import { fen, formatFen, type Fen } from '../../../../src-common/domain/money';
import type { PrintService } from '../../printing/PrintService';
import { formatShanghaiTime, paymentReceipt, type PaymentMethod } from '../../printing/receipts/receiptTemplates';
import { CLAIM_HOTLINE } from '../claims';
import type { PaymentRecord } from './PaymentRecords';
import { receiptOutcomeOf, type ReceiptOutcome } from '../../printing/receiptOutcome';

export type { ReceiptOutcome };

export interface PaymentReceiptContext {
  /** Absent when no print service runs (CLI tools): receipts are then not attempted. */
  readonly printing: PrintService | undefined;
  readonly hallName: string;
  readonly kioskCode: string;
  /** Base of the verification URL printed as a QR. */
  readonly verifyBaseUrl: string;
  /** Resolves true once a receipt printer is online (boot receipts wait for it); default: at once. */
  readonly printerReady?: (timeoutMs: number) => Promise<boolean>;
}

/** How a receipt is printed: at boot it first waits (bounded) for the printer to connect. */
export interface ReceiptPrintOptions {
  readonly waitForPrinterMs?: number;
}

/**
 * The wallet named on the receipt. The template has no generic "QR" label; a channel the platform
 * could not name is printed as UnionPay QR (银联), the national interoperable QR scheme.
 */
function methodFor(record: PaymentRecord): PaymentMethod {
  if (record.method === 'cash') return 'cash';
  const channel: Channel = record.channel ?? 'unknown';
  switch (channel) {
    case 'wechatPay':
      return 'wechat';
    case 'alipay':
      return 'alipay';
    case 'unionPay':
    case 'unknown':
      return 'unionpay';
    default: {
      const never: never = channel;
      throw new Error(`unknown channel ${String(never)}`);
    }
  }
}

export async function printPaymentReceipt(context: PaymentReceiptContext, record: PaymentRecord, insertedFen?: Fen, options: ReceiptPrintOptions = {}): Promise<ReceiptOutcome> {
  const { printing } = context;
  if (!printing) return { outcome: 'notAttempted', reason: 'no print service is running' };
  if (options.waitForPrinterMs !== undefined) await context.printerReady?.(options.waitForPrinterMs);
  const job = await printing.printReceipt(
    paymentReceipt({
      hallName: context.hallName,
      kioskCode: context.kioskCode,
      orderId: record.orderId ?? record.paymentId,
      itemName: record.itemName.zh,
      amount: fen(record.amountFen),
      method: methodFor(record),
      ...(insertedFen !== undefined ? { inserted: fen(insertedFen) } : {}),
      paidAt: record.paidAt,
      ...(record.payable.kind === 'case' ? { caseNumber: record.payable.caseNumber } : {}),
      verifyUrl: `${context.verifyBaseUrl}/payments/${encodeURIComponent(record.paymentId)}`,
    }),
    { jobId: `payment:${record.paymentId}` },
  );
  return receiptOutcomeOf(job);
}

/** What a QR claim receipt shows: the claim id is the citizen's reference at the counter or hotline. */
export interface QrClaimReceiptData {
  readonly claimId: string;
  readonly orderId: string;
  readonly itemName: string;
  readonly amountFen: Fen;
  /** UTC ISO-8601. */
  readonly occurredAt: string;
}

/** 支付结果待确认凭证: pure, like the printing module's templates. */
export function qrClaimReceipt(context: Pick<PaymentReceiptContext, 'hallName' | 'kioskCode' | 'verifyBaseUrl'>, d: QrClaimReceiptData): ReceiptDocument {
  return {
    kind: 'refundClaim',
    blocks: [
      { kind: 'text', text: context.hallName, align: 'center' },
      { kind: 'text', text: '支付结果待确认凭证', align: 'center', bold: true, size: 'large' },
      { kind: 'rule' },
      { kind: 'pair', label: '凭证编号', value: d.claimId },
      { kind: 'pair', label: '订单号', value: d.orderId },
      { kind: 'pair', label: '缴费项目', value: d.itemName },
      { kind: 'pair', label: '订单金额', value: `${formatFen(d.amountFen).replace('¥', '')}元` },
      { kind: 'pair', label: '发生时间', value: formatShanghaiTime(d.occurredAt) },
      { kind: 'pair', label: '终端编号', value: context.kioskCode },
      { kind: 'rule' },
      { kind: 'text', text: '网络异常，支付结果暂未确认。如已扣款，系统将自动核实：入账成功或原路退回。' },
      { kind: 'text', text: `请保留本凭证，可凭此到服务窗口或拨打 ${CLAIM_HOTLINE} 查询。`, bold: true },
      { kind: 'qr', data: `${context.verifyBaseUrl}/claims/${encodeURIComponent(d.claimId)}`, caption: '扫码查询处理进度' },
    ],
  };
}

export async function printQrClaimReceipt(context: PaymentReceiptContext, data: QrClaimReceiptData, options: ReceiptPrintOptions = {}): Promise<ReceiptOutcome> {
  const { printing } = context;
  if (!printing) return { outcome: 'notAttempted', reason: 'no print service is running' };
  if (options.waitForPrinterMs !== undefined) await context.printerReady?.(options.waitForPrinterMs);
  return receiptOutcomeOf(await printing.printReceipt(qrClaimReceipt(context, data), { jobId: `qrClaim:${data.claimId}` }));
}

