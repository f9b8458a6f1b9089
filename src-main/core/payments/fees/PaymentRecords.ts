// Payment records (design.md §5): one paid record per payable, written in one SQLite transaction
// with its `payment.recorded` outbox job, whose idempotency key makes the platform mark the payable
// paid exactly once however often the push is retried. Also queues the claim records of QR
// payments whose outcome could not be learned.
import type Database from 'better-sqlite3';
import { PAYMENT_RECORDED_KIND, payableKey, type Channel, type PaymentRecordedPayload, type WirePayable } from '../../../../src-common/wire/paymentsWire';
import { err, ok, type Result } from '../../../../src-common/result';
import type { Outbox } from '../../outbox/Outbox';
import { fen, type Fen } from '../../../../src-common/domain/money';
import { newUlid } from '../../ids/ulids';

export interface PaymentRecord {
  /** Idempotency key of the payment: the QR order id, or `CASH-<cash txn id>`. */
  readonly paymentId: string;
  readonly payable: WirePayable;
  readonly itemName: { readonly zh: string; readonly en: string };
  readonly amountFen: Fen;
  readonly method: 'cash' | 'qr';
  readonly channel?: Channel;
  readonly orderId?: string;
  readonly cashTxnId?: string;
  /** UTC ISO-8601. */
  readonly paidAt: string;
}

/** Why a record was not written. */
export type RecordFailure =
  // the payable already has a record under another payment id (a second payment of one payable)
  | { readonly kind: 'alreadyPaid'; readonly existingPaymentId: string }
  // the database refused the write (disk full, I/O); the money facts are in the cash journal / platform
  | { readonly kind: 'storage'; readonly message: string };

/** The outbox stream of a payable: its payment, claims and reconciliations stay in order. */
export function paymentStreamKey(payable: WirePayable): string {
  return `payment:${payableKey(payable)}`;
}

/** What writing a record inside a caller's transaction did. */
export type RecordInTransaction =
  // a new record and its `payment.recorded` job were written
  | { readonly kind: 'recorded' }
  // this payment id was recorded before: nothing written
  | { readonly kind: 'repeat' }
  // the payable already has a record under another payment id: nothing written
  | { readonly kind: 'alreadyPaid'; readonly existingPaymentId: string };

export class PaymentRecords {
  private readonly statements;
  /** Built once: a transaction wrapper per record was a measurable share of each commit. */
  private readonly recordTransaction: Database.Transaction<(record: PaymentRecord, also: ((db: Database.Database) => void) | undefined) => RecordInTransaction>;
  private readonly queueTransaction: Database.Transaction<(payable: WirePayable, kind: string, payload: Readonly<Record<string, unknown>>, also: (db: Database.Database) => void) => void>;

  /**
   * @param onNewRecordInTransaction runs inside the transaction of every new record (the
   *   applications service marks a case's fee paid there), so both commit together.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly outbox: Outbox,
    private readonly onNewRecordInTransaction: (record: PaymentRecord) => void = () => {},
  ) {
    this.statements = {
      byPayable: db.prepare('SELECT * FROM payment_records WHERE payable_key = ?'),
      paymentIdOf: db.prepare('SELECT payment_id FROM payment_records WHERE payable_key = ?').pluck(),
      insert: db.prepare('INSERT INTO payment_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    };
    this.recordTransaction = db.transaction((record, also) => this.recordPaidInTransaction(record, also));
    this.queueTransaction = db.transaction((payable, kind, payload, also) => {
      also(this.db);
      this.enqueueInTransaction(payable, kind, payload);
    });
  }

  get database(): Database.Database {
    return this.db;
  }

  /** The paid record of a payable, if any. */
  paidRecord(payable: WirePayable): PaymentRecord | undefined {
    const row = this.statements.byPayable.get(payableKey(payable)) as Record<string, string | number | null> | undefined;
    if (!row) return undefined;
    return {
      paymentId: row.payment_id as string,
      payable: JSON.parse(row.payable_json as string) as WirePayable,
      itemName: { zh: row.item_zh as string, en: row.item_en as string },
      amountFen: fen(row.amount_fen as number),
      method: row.method as 'cash' | 'qr',
      ...(row.channel ? { channel: row.channel as Channel } : {}),
      ...(row.order_id ? { orderId: row.order_id as string } : {}),
      ...(row.cash_txn_id ? { cashTxnId: row.cash_txn_id as string } : {}),
      paidAt: row.paid_at as string,
    };
  }

  /**
   * Writes the paid record and its outbox job in one transaction; `alsoInTransaction` runs inside
   * it (e.g. the QR order's state), so all commit together or none does. Recording the same
   * payment id again is a no-op that returns the first record.
   */
  recordPaid(record: PaymentRecord, alsoInTransaction?: (db: Database.Database) => void): Result<PaymentRecord, RecordFailure> {
    const written = this.outbox.write(`recording payment ${record.paymentId}`, () => this.recordTransaction.immediate(record, alsoInTransaction));
    if (!written.ok) return err({ kind: 'storage', message: written.error.message });
    switch (written.value.kind) {
      case 'recorded':
        return ok(record);
      case 'repeat':
        return ok(this.paidRecord(record.payable) ?? record);
      case 'alreadyPaid':
        return err(written.value);
      default: {
        const never: never = written.value;
        throw new Error(`unknown record outcome ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * The record and its `payment.recorded` job inside the caller's open transaction on this
   * database (the cash-in's end writes them with its journal entry). Throws, rolling the caller
   * back, on a SQLite failure; `alsoInTransaction` runs unless the payable has another payment.
   */
  recordPaidInTransaction(record: PaymentRecord, alsoInTransaction?: (db: Database.Database) => void): RecordInTransaction {
    if (!this.db.inTransaction) throw new Error('recordPaidInTransaction must run inside a transaction on the kiosk database');
    const key = payableKey(record.payable);
    const existing = this.statements.paymentIdOf.get(key) as string | undefined;
    if (existing !== undefined && existing !== record.paymentId) return { kind: 'alreadyPaid', existingPaymentId: existing };
    alsoInTransaction?.(this.db);
    if (existing !== undefined) return { kind: 'repeat' };
    this.statements.insert.run(record.paymentId, key, JSON.stringify(record.payable), record.itemName.zh, record.itemName.en, record.amountFen, record.method, record.channel ?? null, record.orderId ?? null, record.cashTxnId ?? null, record.paidAt, new Date().toISOString());
    const payload: PaymentRecordedPayload = {
      paymentId: record.paymentId,
      payable: record.payable,
      amountFen: record.amountFen,
      method: record.method,
      ...(record.channel ? { channel: record.channel } : {}),
      ...(record.orderId ? { orderId: record.orderId } : {}),
      ...(record.cashTxnId ? { cashTxnId: record.cashTxnId } : {}),
      paidAt: record.paidAt,
    };
    this.outbox.enqueueInTransaction(this.db, { streamKey: paymentStreamKey(record.payable), kind: PAYMENT_RECORDED_KIND, payload, occurredAt: record.paidAt });
    this.onNewRecordInTransaction(record);
    return { kind: 'recorded' };
  }

  /**
   * Queues a record for the platform with `alsoInTransaction` (claims, reconciliations): the
   * business state change and its job commit together.
   */
  queueRecord(payable: WirePayable, kind: string, payload: Readonly<Record<string, unknown>>, alsoInTransaction: (db: Database.Database) => void): Result<void, RecordFailure> {
    const written = this.outbox.write(`recording ${kind}`, () => this.queueTransaction.immediate(payable, kind, payload, alsoInTransaction));
    return written.ok ? ok(undefined) : err({ kind: 'storage', message: written.error.message });
  }

  /** Enqueues a record of a payable inside the caller's open transaction on this database. */
  enqueueInTransaction(payable: WirePayable, kind: string, payload: Readonly<Record<string, unknown>>): void {
    this.outbox.enqueueInTransaction(this.db, { streamKey: paymentStreamKey(payable), kind, payload });
  }

  /** A new claim id (ULID; printed for the citizen and sent to the platform). */
  static newClaimId(): string {
    return `CLM${newUlid()}`;
  }
}
