// The kiosk ↔ platform payment contract (platform/openapi.yaml, "Payments"): payment notices
// (缴款通知书), QR orders created idempotently by the kiosk's order id, micropay with a citizen's
// payment code, query, reverse and close. Shared by the core's gateway client and the reference
// platform. Pure: zod only.
import { z } from 'zod';

import { FenSchema as Fen } from '../domain/money';
const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** What is paid for, as the platform sees it. */
export const WirePayable = z.discriminatedUnion('kind', [
  // a fee of a case submitted at this kiosk; its amount comes from the kiosk's own record
  z.object({ kind: z.literal('case'), caseNumber: z.string().min(1).max(64) }),
  // a payment notice issued by a department; its amount comes from the platform
  z.object({ kind: z.literal('notice'), noticeNumber: z.string().regex(/^\d{20}$/) }),
]);
export type WirePayable = z.infer<typeof WirePayable>;

/** A stable text key for a payable: one paid record and one open order per key. */
export function payableKey(payable: WirePayable): string {
  switch (payable.kind) {
    case 'case':
      return `case:${payable.caseNumber}`;
    case 'notice':
      return `notice:${payable.noticeNumber}`;
    default: {
      const never: never = payable;
      throw new Error(`unknown payable ${JSON.stringify(never)}`);
    }
  }
}

export const NoticeDetail = z.object({
  noticeNumber: z.string(),
  itemName: Bilingual,
  payee: Bilingual,
  payerMasked: z.string(),
  amountFen: Fen,
  status: z.enum(['unpaid', 'paid']),
  /** UTC ISO-8601, when status is paid. */
  paidAt: z.string().optional(),
});
export type NoticeDetail = z.infer<typeof NoticeDetail>;

/** Kiosk order ids: chosen by the kiosk, so a retried create can never make a second order. */
export const ORDER_ID_PATTERN = /^QR[0-9A-HJKMNP-TV-Z]{26}$/;

export const OrderMode = z.enum([
  'displayedCode', // the kiosk shows the order's QR; the citizen scans it with their wallet app
  'paymentCode', // the citizen shows their 付款码; the kiosk scans it and pays by micropay
]);
export type OrderMode = z.infer<typeof OrderMode>;

export const OrderStatus = z.enum([
  'created', // waiting for the payer
  'userPaying', // the payer must confirm in their app (USERPAYING)
  'paid', // the gateway confirmed the money moved
  'failed', // the payer's channel declined
  'expired', // a displayed QR passed its expiry unpaid
  'reversed', // reversed (撤销) by the kiosk; nothing charged (or the charge returned)
  'closed', // closed unpaid by the kiosk (citizen canceled a displayed QR)
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const Channel = z.enum(['wechatPay', 'alipay', 'unionPay', 'unknown']);
export type Channel = z.infer<typeof Channel>;

export const CreateOrderRequest = z.object({
  orderId: z.string().regex(ORDER_ID_PATTERN),
  payable: WirePayable,
  mode: OrderMode,
  amountFen: Fen.refine((v) => v > 0 && v <= 100_000_000, 'between 1 fen and 1,000,000 yuan'),
  /** What the citizen sees in their wallet app. */
  subject: z.string().min(1).max(128),
  /** A displayed code expires unpaid after this long. */
  ttlSeconds: z.number().int().min(10).max(3600),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;

export const PaymentOrder = z.object({
  orderId: z.string(),
  payable: WirePayable,
  mode: OrderMode,
  amountFen: Fen,
  status: OrderStatus,
  /** Displayed-code orders: the text the kiosk renders as a QR. */
  qrContent: z.string().optional(),
  expiresAt: z.string(),
  channel: Channel.optional(),
  paidAt: z.string().optional(),
  /** Why the order failed, in English (technician-facing). */
  failureReason: z.string().optional(),
});
export type PaymentOrder = z.infer<typeof PaymentOrder>;

/** The citizen's payment code: single use, never logged, never stored. */
export const MicropayRequest = z.object({ authCode: z.string().regex(/^\d{16,24}$/) });
export type MicropayRequest = z.infer<typeof MicropayRequest>;

/** Platform error codes of the payment endpoints (the `error` field of the problem body). */
export const PAYMENT_ERRORS = {
  notFound: 'notFound',
  /** The same order id was created before with a different payable, mode or amount. */
  orderConflict: 'orderConflict',
  /** The notice was already paid (by any channel, at any kiosk). */
  alreadyPaid: 'alreadyPaid',
  /** The kiosk's amount differs from the notice's. */
  amountMismatch: 'amountMismatch',
  /** The order cannot take this action in its state (e.g. micropay on a displayed-code order). */
  badState: 'badState',
} as const;

/** The `payment.recorded` outbox event: one paid record of a payable, delivered exactly once. */
export const PaymentRecordedPayload = z.object({
  paymentId: z.string().min(1).max(100),
  payable: WirePayable,
  amountFen: Fen,
  method: z.enum(['cash', 'qr']),
  channel: Channel.optional(),
  orderId: z.string().optional(),
  cashTxnId: z.string().optional(),
  paidAt: z.string(),
});
export type PaymentRecordedPayload = z.infer<typeof PaymentRecordedPayload>;

export const PAYMENT_RECORDED_KIND = 'payment.recorded';

/** 清机 (docs/technicians.md): a cash-box collection and the journal period it closes. */
export const CASH_COLLECTED_KIND = 'cash.collected';
