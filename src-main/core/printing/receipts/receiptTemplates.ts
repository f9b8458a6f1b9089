// The kiosk's receipts as pure functions of typed data → ReceiptDocument. Citizen-facing text is
// Chinese; applicants appear masked (maskName/maskIdNumber); times are shown in Asia/Shanghai.
import type { ReceiptBlock, ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';
import { formatFen, type Fen } from '../../../../src-common/domain/money';
import { maskIdNumber, maskName } from '../../../../src-common/privacy/redact';

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-27 03:20:53` in Beijing time from a UTC ISO string (storage is UTC). */
export function formatShanghaiTime(utcIso: string): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(utcIso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Yuan for receipts with the full-width currency sign citizens expect: ¥12.50 → 12.50元. */
function yuan(amount: Fen): string {
  return `${formatFen(amount).replace('¥', '')}元`;
}

function header(hallName: string, title: string): ReceiptBlock[] {
  return [
    { kind: 'text', text: hallName, align: 'center' },
    { kind: 'text', text: title, align: 'center', bold: true, size: 'large' },
    { kind: 'rule' },
  ];
}

export interface AcceptanceReceiptData {
  readonly hallName: string;
  readonly kioskCode: string;
  readonly caseNumber: string;
  readonly itemName: string;
  readonly applicantName: string;
  readonly applicantIdNumber: string;
  /** UTC ISO-8601. */
  readonly acceptedAt: string;
  /** Where the citizen checks progress; encoded in the QR. */
  readonly trackingUrl: string;
  readonly promisedDays?: number;
}

/** 受理回执: proof that the application was received, with the case number and tracking QR. */
export function acceptanceReceipt(d: AcceptanceReceiptData): ReceiptDocument {
  return {
    kind: 'acceptance',
    blocks: [
      ...header(d.hallName, '受理回执'),
      { kind: 'pair', label: '受理编号', value: d.caseNumber },
      { kind: 'pair', label: '办理事项', value: d.itemName },
      { kind: 'pair', label: '申请人', value: maskName(d.applicantName) },
      { kind: 'pair', label: '证件号码', value: maskIdNumber(d.applicantIdNumber) },
      { kind: 'pair', label: '受理时间', value: formatShanghaiTime(d.acceptedAt) },
      ...(d.promisedDays !== undefined ? [{ kind: 'pair', label: '承诺时限', value: `${d.promisedDays}个工作日` } as const] : []),
      { kind: 'pair', label: '终端编号', value: d.kioskCode },
      { kind: 'rule' },
      { kind: 'qr', data: d.trackingUrl, caption: '凭此回执查询办理进度' },
      { kind: 'text', text: '请妥善保管本回执。', align: 'center' },
    ],
  };
}

export type PaymentMethod = 'cash' | 'wechat' | 'alipay' | 'unionpay';
const METHOD_NAME: Record<PaymentMethod, string> = { cash: '现金', wechat: '微信支付', alipay: '支付宝', unionpay: '银联' };

export interface PaymentReceiptData {
  readonly hallName: string;
  readonly kioskCode: string;
  readonly orderId: string;
  readonly itemName: string;
  readonly amount: Fen;
  readonly method: PaymentMethod;
  /** Cash only: what was inserted (never more than due: the kiosk gives no change). */
  readonly inserted?: Fen;
  readonly paidAt: string;
  readonly caseNumber?: string;
  readonly verifyUrl: string;
}

/** 缴费凭证. */
export function paymentReceipt(d: PaymentReceiptData): ReceiptDocument {
  return {
    kind: 'payment',
    blocks: [
      ...header(d.hallName, '缴费凭证'),
      { kind: 'pair', label: '订单号', value: d.orderId },
      ...(d.caseNumber ? [{ kind: 'pair', label: '受理编号', value: d.caseNumber } as const] : []),
      { kind: 'pair', label: '缴费项目', value: d.itemName },
      { kind: 'pair', label: '支付方式', value: METHOD_NAME[d.method] },
      ...(d.inserted !== undefined ? [{ kind: 'pair', label: '投入金额', value: yuan(d.inserted) } as const] : []),
      { kind: 'text', text: `实收金额 ${yuan(d.amount)}`, align: 'right', bold: true },
      { kind: 'pair', label: '缴费时间', value: formatShanghaiTime(d.paidAt) },
      { kind: 'pair', label: '终端编号', value: d.kioskCode },
      { kind: 'rule' },
      { kind: 'qr', data: d.verifyUrl, caption: '扫码核验缴费记录' },
    ],
  };
}

export interface RefundClaimReceiptData {
  readonly hallName: string;
  readonly kioskCode: string;
  readonly claimId: string;
  readonly amountDue: Fen;
  readonly amountInserted: Fen;
  /** Why the kiosk could not complete or refund (Chinese, for the citizen). */
  readonly reason: string;
  readonly occurredAt: string;
  readonly hotline: string;
  readonly claimUrl: string;
}

/** 退款凭证/异常凭证: what the citizen needs to get money back when the kiosk could not finish. */
export function refundClaimReceipt(d: RefundClaimReceiptData): ReceiptDocument {
  return {
    kind: 'refundClaim',
    blocks: [
      ...header(d.hallName, '退款凭证'),
      { kind: 'pair', label: '凭证编号', value: d.claimId },
      { kind: 'pair', label: '应缴金额', value: yuan(d.amountDue) },
      { kind: 'pair', label: '已投入金额', value: yuan(d.amountInserted) },
      { kind: 'text', text: `异常原因：${d.reason}` },
      { kind: 'pair', label: '发生时间', value: formatShanghaiTime(d.occurredAt) },
      { kind: 'pair', label: '终端编号', value: d.kioskCode },
      { kind: 'rule' },
      { kind: 'text', text: `请保留本凭证，凭此到服务窗口或拨打 ${d.hotline} 办理退款。`, bold: true },
      { kind: 'qr', data: d.claimUrl, caption: '扫码查询退款进度' },
    ],
  };
}

export interface CashCollectionReportData {
  readonly kioskCode: string;
  readonly reportId: string;
  readonly periodStart: string;
  readonly collectedAt: string;
  /** Technician or attendant id (a staff number, not a citizen's data). */
  readonly operatorId: string;
  readonly notes: readonly { readonly denomination: Fen; readonly count: number }[];
  /** What the journal says should be in the box. */
  readonly journalTotal: Fen;
  /** The journal's notes per denomination (清机 of a running kiosk; absent on samples). */
  readonly journalNotes?: readonly { readonly denomination: Fen; readonly count: number }[];
  /** Notes the acceptor's own counter saw in the period (null: unreadable). */
  readonly acceptorNotes?: number | null;
  /** The journal head hash that closes the period. */
  readonly closingHash?: string;
  /** Which copy this is (存根联 / 交款联). */
  readonly copy?: string;
}

/** 清机报告: what the cash box holds by denomination against the journal. */
export function cashCollectionReport(d: CashCollectionReportData): ReceiptDocument {
  const counted = d.notes.reduce((sum, n) => sum + n.denomination * n.count, 0) as Fen;
  const difference = (counted - d.journalTotal) as Fen;
  return {
    kind: 'cashCollection',
    blocks: [
      { kind: 'text', text: '清机报告', align: 'center', bold: true, size: 'large' },
      ...(d.copy ? [{ kind: 'text', text: d.copy, align: 'center' } as const] : []),
      { kind: 'rule' },
      { kind: 'pair', label: '报告编号', value: d.reportId },
      { kind: 'pair', label: '终端编号', value: d.kioskCode },
      { kind: 'pair', label: '统计起始', value: formatShanghaiTime(d.periodStart) },
      { kind: 'pair', label: '清机时间', value: formatShanghaiTime(d.collectedAt) },
      { kind: 'pair', label: '操作员', value: d.operatorId },
      { kind: 'rule' },
      ...d.notes.map((n) => ({ kind: 'pair', label: `面额 ${yuan(n.denomination)}`, value: `${n.count} 张  ${yuan((n.denomination * n.count) as Fen)}` }) as const),
      { kind: 'rule' },
      { kind: 'pair', label: '清点合计', value: yuan(counted) },
      ...(d.journalNotes ?? []).map((n) => ({ kind: 'pair', label: `流水 ${yuan(n.denomination)}`, value: `${n.count} 张` }) as const),
      { kind: 'pair', label: '流水合计', value: yuan(d.journalTotal) },
      ...(d.acceptorNotes !== undefined ? [{ kind: 'pair', label: '识别器计数', value: d.acceptorNotes === null ? '无法读取' : `${d.acceptorNotes} 张` } as const] : []),
      ...(d.closingHash ? [{ kind: 'pair', label: '日志校验', value: d.closingHash.slice(0, 16) } as const] : []),
      { kind: 'text', text: difference === 0 ? '账实相符' : `差额 ${yuan(difference)}，请上报`, align: 'right', bold: true },
      { kind: 'feed', lines: 2 },
      { kind: 'text', text: '操作员签字：________________' },
      { kind: 'text', text: '复核人签字：________________' },
    ],
  };
}

export interface TestPageData {
  readonly kioskCode: string;
  readonly deviceId: string;
  readonly printedAt: string;
}

/** 打印测试页: fonts, sizes, alignment, a rare-character raster line, a QR and the cutter. */
export function testPage(d: TestPageData): ReceiptDocument {
  return {
    kind: 'testPage',
    blocks: [
      { kind: 'text', text: '打印测试页', align: 'center', bold: true, size: 'large' },
      { kind: 'text', text: 'Budayang printer test', align: 'center' },
      { kind: 'rule' },
      { kind: 'pair', label: '终端编号', value: d.kioskCode },
      { kind: 'pair', label: '打印机', value: d.deviceId },
      { kind: 'pair', label: '时间', value: formatShanghaiTime(d.printedAt) },
      { kind: 'text', text: '左对齐 Left' },
      { kind: 'text', text: '居中 Center', align: 'center' },
      { kind: 'text', text: '右对齐 Right', align: 'right' },
      { kind: 'text', text: '加粗 Bold', bold: true },
      { kind: 'text', text: '中文测试：身份证 长期 测试', align: 'left' },
      { kind: 'text', text: '生僻字：䶮 𠮷', align: 'left' },
      { kind: 'text', text: '0123456789'.repeat(5) },
      { kind: 'qr', data: `budayang:test:${d.kioskCode}:${d.deviceId}`, caption: '二维码测试' },
    ],
  };
}
