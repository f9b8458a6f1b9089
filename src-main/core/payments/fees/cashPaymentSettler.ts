// The fees domain's side of a cash-in paid for a payable: inside the cash-in's closing
// transaction it writes the payment record (`CASH-<txn id>`) and its outbox job; after a payment
// the boot reconciler completed, it prints the payment receipt.
import type Database from 'better-sqlite3';
import type { Logger } from '../../../../src-common/logging';
import { payableKey } from '../../../../src-common/wire/paymentsWire';
import type { CashSettlement, CashSettler, PaidCashIn } from '../closeCashIn';
import { printPaymentReceipt, type PaymentReceiptContext } from './paymentReceipts';
import type { PaymentRecord, PaymentRecords } from './PaymentRecords';

/** The payment id of a cash-in: derived from its txn id, so a receipt and a late record agree. */
export function cashPaymentId(txnId: string): string {
  return `CASH-${txnId}`;
}

/** The payment record of a paid cash-in. */
export function cashPaymentRecord(paid: PaidCashIn): PaymentRecord {
  return {
    paymentId: cashPaymentId(paid.txnId),
    payable: paid.purpose.payable,
    itemName: paid.purpose.itemName,
    amountFen: paid.paidFen,
    method: 'cash',
    cashTxnId: paid.txnId,
    paidAt: paid.paidAt,
  };
}

export class CashPaymentSettler implements CashSettler {
  constructor(
    private readonly options: {
      readonly records: PaymentRecords;
      /** Absent in the CLI (no printer): a reconciled payment's receipt is then not printed. */
      readonly receipts?: PaymentReceiptContext;
      readonly log: Logger;
    },
  ) {}

  get database(): Database.Database {
    return this.options.records.database;
  }

  settleInTransaction(paid: PaidCashIn): CashSettlement {
    const record = cashPaymentRecord(paid);
    const written = this.options.records.recordPaidInTransaction(record);
    switch (written.kind) {
      case 'recorded':
      case 'repeat':
        return { kind: 'recorded', paymentId: record.paymentId };
      case 'alreadyPaid':
        // Paid meanwhile by another payment (a QR order settled late, another kiosk): this cash goes back.
        return {
          kind: 'refundOwed',
          alertCode: 'cashDoublePayment',
          reason: `${payableKey(record.payable)} already has payment ${written.existingPaymentId}; cash txn ${paid.txnId} is owed back`,
        };
      default: {
        const never: never = written;
        throw new Error(`unknown record outcome ${JSON.stringify(never)}`);
      }
    }
  }

  afterReconciled(paid: PaidCashIn, settlement: CashSettlement): void {
    const { receipts, log } = this.options;
    log.warn('fees.cash_payment_completed_at_boot', { paymentId: cashPaymentId(paid.txnId), settlement: settlement.kind });
    if (settlement.kind !== 'recorded' || !receipts) return;
    // The citizen may still be at the kiosk it restarted under them: the receipt is their proof.
    printPaymentReceipt(receipts, cashPaymentRecord(paid), paid.paidFen, { waitForPrinterMs: BOOT_RECEIPT_WAIT_MS })
      .then((receipt) => log.info('fees.cash_boot_receipt', { paymentId: cashPaymentId(paid.txnId), outcome: receipt.outcome }))
      .catch((e: unknown) => log.error('fees.cash_boot_receipt_failed', { paymentId: cashPaymentId(paid.txnId), error: e }));
  }
}

/** At boot the receipt printer may still be connecting: a receipt waits this long for it. */
export const BOOT_RECEIPT_WAIT_MS = 30_000;
