// How a QR order ends on the kiosk, shared by the live payment flows and the reconciler: paid (a
// payment record with its outbox job, then the receipt), unpaid (final state), or unknown (a claim
// record queued in the same transaction as the state). An order that had a claim gets a
// `payment.qrReconciled` record when its outcome is finally learned.
import type { Logger } from '../../../../src-common/logging';
import type { PaymentOrder } from '../../../../src-common/wire/paymentsWire';
import { PaymentRecords, type PaymentRecord } from '../fees/PaymentRecords';
import { BOOT_RECEIPT_WAIT_MS } from '../fees/cashPaymentSettler';
import { printPaymentReceipt, printQrClaimReceipt, type PaymentReceiptContext, type ReceiptOutcome } from '../fees/paymentReceipts';
import type { LocalOrderState, QrOrder, QrOrderStore } from './QrOrderStore';

/** Outbox kind of the claim queued when a QR payment's outcome could not be learned. */
export const QR_CLAIM_KIND = 'claim.qrPaymentUnknown';
/** Outbox kind recording how an order with a claim finally ended. */
export const QR_RECONCILED_KIND = 'payment.qrReconciled';

export interface QrSettlementDeps {
  readonly orders: QrOrderStore;
  readonly records: PaymentRecords;
  readonly receipts: PaymentReceiptContext;
  readonly log: Logger;
  /** Raises an operator alert (double payment, a paid order whose record could not be written). */
  readonly alert: (code: string, detail: string) => void;
}

export class QrSettlement {
  constructor(private readonly deps: QrSettlementDeps) {}

  /**
   * The platform said paid: writes the payment record (idempotency key = order id) with its
   * outbox job and the order's state in one transaction, then prints the receipt when asked.
   */
  async paid(order: QrOrder, remote: PaymentOrder, options: { readonly printReceipt: boolean }): Promise<{ record: PaymentRecord; receipt: ReceiptOutcome }> {
    const { orders, records, log } = this.deps;
    const record: PaymentRecord = {
      paymentId: order.orderId,
      payable: order.payable,
      itemName: order.itemName,
      amountFen: remote.amountFen,
      method: 'qr',
      ...(remote.channel ? { channel: remote.channel } : {}),
      orderId: order.orderId,
      paidAt: remote.paidAt ?? new Date().toISOString(),
    };
    const written = records.recordPaid(record, (db) => {
      orders.update(order.orderId, { state: 'paid', ...(remote.channel ? { channel: remote.channel } : {}) }, db);
      if (order.claimId) records.enqueueInTransaction(order.payable, QR_RECONCILED_KIND, { orderId: order.orderId, claimId: order.claimId, resolution: 'paid' });
    });
    if (!written.ok) {
      // The platform holds the truth (the gateway settled the order); the kiosk must not hide it.
      const detail = written.error.kind === 'alreadyPaid' ? `order ${order.orderId} was paid but the payable already has payment ${written.error.existingPaymentId}: a refund is owed` : `order ${order.orderId} was paid but its record could not be written: ${written.error.message}`;
      log.error('qr.paid_record_failed', { orderId: order.orderId, reason: written.error.kind });
      this.deps.alert(written.error.kind === 'alreadyPaid' ? 'qrDoublePayment' : 'qrRecordWriteFailed', detail);
      if (written.error.kind === 'storage') orders.update(order.orderId, { state: 'paid', lastError: written.error.message });
    }
    log.info('qr.paid', { orderId: order.orderId, amountFen: record.amountFen, channel: record.channel ?? 'unknown' });
    const receipt = options.printReceipt ? await printPaymentReceipt(this.deps.receipts, record) : ({ outcome: 'notAttempted', reason: 'settled after the citizen left' } as const);
    return { record, receipt };
  }

  /** Prints the claim receipt the citizen keeps when the outcome is unknown (one per claim id). */
  printClaimReceipt(order: QrOrder, claimId: string, options: { readonly waitForPrinterMs?: number } = {}): Promise<ReceiptOutcome> {
    return printQrClaimReceipt(this.deps.receipts, { claimId, orderId: order.orderId, itemName: order.itemName.zh, amountFen: order.amountFen, occurredAt: new Date().toISOString() }, options);
  }

  /**
   * A crash cut the order's flow off (found at boot): `unknown` with a claim, then the claim
   * receipt (once the printer is up) and an alert, as for any money whose outcome is unknown.
   */
  interrupted(order: QrOrder, reason: string): { claimId: string } {
    const { claimId } = this.unknown(order, reason);
    this.deps.alert('qrPaymentInterrupted', `order ${order.orderId} (${order.amountFen} fen, ${order.mode}): ${reason}; claim ${claimId}`);
    this.printClaimReceipt(order, claimId, { waitForPrinterMs: BOOT_RECEIPT_WAIT_MS })
      .then((receipt) => this.deps.log.info('qr.interrupted_claim_receipt', { orderId: order.orderId, claimId, outcome: receipt.outcome }))
      .catch((e: unknown) => this.deps.log.error('qr.interrupted_claim_receipt_failed', { orderId: order.orderId, error: e }));
    return { claimId };
  }

  /** The order ended without payment; the id is never used again. */
  unpaid(order: QrOrder, state: Extract<LocalOrderState, 'failed' | 'expired' | 'reversed' | 'closed'>, reason?: string): void {
    const { orders, records, log } = this.deps;
    if (order.claimId) {
      const queued = records.queueRecord(order.payable, QR_RECONCILED_KIND, { orderId: order.orderId, claimId: order.claimId, resolution: state }, (db) =>
        orders.update(order.orderId, { state, ...(reason ? { lastError: reason } : {}) }, db),
      );
      if (!queued.ok) log.error('qr.reconciled_record_failed', { orderId: order.orderId, reason: queued.error.kind });
    } else {
      orders.update(order.orderId, { state, ...(reason ? { lastError: reason } : {}) });
    }
    log.info('qr.ended_unpaid', { orderId: order.orderId, state });
  }

  /**
   * The outcome could not be learned (platform unreachable after money may have moved): the order
   * becomes `unknown` and a claim record is queued with it, once per order.
   */
  unknown(order: QrOrder, reason: string): { claimId: string } {
    const { orders, records, log } = this.deps;
    if (order.claimId) {
      orders.update(order.orderId, { state: 'unknown', lastError: reason });
      return { claimId: order.claimId };
    }
    const claimId = PaymentRecords.newClaimId();
    const queued = records.queueRecord(order.payable, QR_CLAIM_KIND, { claimId, orderId: order.orderId, payable: order.payable, amountFen: order.amountFen, mode: order.mode, reason }, (db) =>
      orders.update(order.orderId, { state: 'unknown', claimId, lastError: reason }, db),
    );
    if (!queued.ok) {
      log.error('qr.claim_record_failed', { orderId: order.orderId, reason: queued.error.kind });
      this.deps.alert('qrClaimWriteFailed', `claim ${claimId} for order ${order.orderId} could not be queued: ${queued.error.kind}`);
      orders.update(order.orderId, { state: 'unknown', lastError: reason });
    }
    log.warn('qr.outcome_unknown', { orderId: order.orderId, claimId });
    return { claimId };
  }
}
