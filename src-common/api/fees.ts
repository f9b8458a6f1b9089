// Fees (缴费) and QR payment. What to pay is a `Payable`: a fee of a case submitted in this
// session, or a payment notice (缴款通知书) looked up on the platform. QR payment runs in the
// core against the platform's payment endpoints; a citizen's payment code goes from the
// scanner to the core and never through the renderer.
import { z } from 'zod';
import { FenSchema } from '../domain/money';
import { defineMethod } from './contract';
import { CASH_START_ERRORS, CashInResult, paymentsMethods } from './payments';

/** Why what is owed cannot be found or paid (shared by every method that takes a payable). */
export const PAYABLE_ERRORS = [
  'payableNotFound', // no such case in this session, or no such payment notice
  'platformUnavailable', // the central platform cannot be reached to look the notice up
  'alreadyPaid', // it is paid already: nothing more to pay
  'nothingToPay', // the amount owed is zero
  'paymentInProgress', // another payment of the same payable is running
] as const;

/** Why a QR payment cannot start (nothing was charged in any of these). */
export const QR_ERRORS = [
  'qrUnavailable', // QR payment is unavailable now (platform or payment channel unreachable)
  'amountRefused', // the platform refused the amount (the notice changed meanwhile)
  'orderRefused', // the platform refused the order
  'orderEnded', // the order ended meanwhile; starting again works
] as const;

export type PayableErrorCode = (typeof PAYABLE_ERRORS)[number];
export type QrErrorCode = (typeof QR_ERRORS)[number];

export const Payable = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), caseNumber: z.string().max(64) }),
  z.object({ kind: z.literal('notice'), noticeNumber: z.string().regex(/^\d{20}$/) }),
]);
export type Payable = z.infer<typeof Payable>;

export const PayableDetail = z.object({
  payable: Payable,
  /** What is being paid for, e.g. {zh: '不动产登记费', en: 'Real estate registration fee'}. */
  itemName: z.object({ zh: z.string(), en: z.string() }),
  /** Payee department. */
  payee: z.object({ zh: z.string(), en: z.string() }),
  /** Masked payer name as the notice shows it (e.g. 王**). */
  payerMasked: z.string(),
  amountFen: FenSchema,
  status: z.enum(['unpaid', 'paid']),
});
export type PayableDetail = z.infer<typeof PayableDetail>;

export const QrPaymentStatus = z.enum([
  'paid', // the platform confirmed the payment
  'expired', // the displayed order QR expired unpaid
  'failed', // the payer's channel declined (insufficient funds, code invalid…)
  'reversed', // the payer did not confirm in time; the order was reversed (撤销), nothing charged
  'canceled', // the citizen canceled before paying
  'unknown', // the platform could not be reached to learn the outcome; a claim record was queued
]);
export type QrPaymentStatus = z.infer<typeof QrPaymentStatus>;

export const PaymentOutcome = z.object({
  orderId: z.string(),
  status: QrPaymentStatus,
  amountFen: FenSchema,
  channel: z.enum(['wechatPay', 'alipay', 'unionPay', 'unknown']).optional(),
  paidAt: z.string().optional(),
  receipt: z.object({ outcome: z.enum(['printed', 'failed', 'unknown', 'notAttempted']), reason: z.string().optional() }),
  reason: z.string().optional(),
});
export type PaymentOutcome = z.infer<typeof PaymentOutcome>;

export const feesMethods = {
  'Fee.Lookup': defineMethod({
    name: 'Fee.Lookup',
    input: z.object({ payable: Payable }).strict(),
    output: PayableDetail,
    errors: ['payableNotFound', 'platformUnavailable'],
    requiresSession: true,
    summary: 'Looks up what is owed for a case of this session or a payment notice number (online for notices).',
  }),
  'Qr.PayByDisplayedCode': defineMethod({
    name: 'Qr.PayByDisplayedCode',
    input: z.object({ payable: Payable, timeoutSeconds: z.number().int().min(10).max(600).default(120) }).strict(),
    output: PaymentOutcome,
    events: {
      /** Show `qrContent` as a QR for the citizen to scan with their payment app. */
      orderCreated: z.object({ orderId: z.string(), qrContent: z.string(), expiresAt: z.string(), amountFen: FenSchema }),
      /** The platform reports the payer is confirming in their app. */
      userPaying: z.object({ orderId: z.string() }),
    },
    errors: [...PAYABLE_ERRORS, ...QR_ERRORS],
    requiresSession: true,
    summary: 'Creates (or reuses) the order, shows its QR and polls until paid, expired, failed or canceled.',
  }),
  'Qr.PayByPaymentCode': defineMethod({
    name: 'Qr.PayByPaymentCode',
    input: z.object({ payable: Payable, timeoutSeconds: z.number().int().min(10).max(300).default(60) }).strict(),
    output: PaymentOutcome,
    events: {
      /** Waiting for the citizen to show their payment code to the scanner. */
      waitingForCode: z.object({}),
      /** A payment code was scanned (the code itself is never sent to the renderer). */
      codeScanned: z.object({ channel: z.enum(['wechatPay', 'alipay', 'unionPay', 'unknown']) }),
      /** The payer must confirm in their app (USERPAYING); the kiosk polls. */
      userPaying: z.object({ orderId: z.string() }),
    },
    errors: [
      ...PAYABLE_ERRORS,
      ...QR_ERRORS,
      'scannerUnavailable', // no working scanner to read the payment code
    ],
    requiresSession: true,
    summary: 'Reads the citizen’s payment code from the scanner, pays by micropay, polls while they confirm, reverses on timeout.',
  }),
  'Fee.PayCash': defineMethod({
    name: 'Fee.PayCash',
    input: z.object({ payable: Payable, timeoutSeconds: z.number().int().min(10).max(900).default(300) }).strict(),
    output: z.object({
      cash: CashInResult,
      receipt: z.object({ outcome: z.enum(['printed', 'failed', 'unknown', 'notAttempted']), reason: z.string().optional() }),
    }),
    /** The same events as Cash.Start: the amount due comes from the payable, never from the screen. */
    events: paymentsMethods['Cash.Start'].events,
    errors: [...PAYABLE_ERRORS, ...CASH_START_ERRORS],
    requiresSession: true,
    summary: 'Pays a payable in cash: runs the cash-in for its amount, records the payment with its outbox job, prints the payment receipt.',
  }),
} as const;
