// The fees domain's service (fees module): looks up what a payable costs, pays it in cash
// through the cash service (recording the payment with its outbox job and printing the payment
// receipt), and holds one lock per payable so two payments of the same payable never overlap.
import { apiError, type MethodError } from '../../../../src-common/api/envelope';
import type { Payable, PayableDetail, PayableErrorCode } from '../../../../src-common/api/fees';
import type { CashInResult, CashStartErrorCode } from '../../../../src-common/api/payments';
import type { Logger } from '../../../../src-common/logging';
import { payableKey } from '../../../../src-common/wire/paymentsWire';
import { err, ok, type Result } from '../../../../src-common/result';
import type { CashInListener, CashInOutcome } from '../CashInTransaction';
import { cashInRefusalError } from '../cashInResult';
import type { CashService } from '../CashService';
import { cashPaymentId } from './cashPaymentSettler';
import type { PayableResolver, ResolvedPayable } from './payables';
import type { PaymentRecords } from './PaymentRecords';
import { printPaymentReceipt, type PaymentReceiptContext, type ReceiptOutcome } from './paymentReceipts';
import { serviceId } from '../../composition/serviceId';

export interface FeeServiceOptions {
  readonly resolver: PayableResolver;
  readonly records: PaymentRecords;
  readonly receipts: PaymentReceiptContext;
  /** Absent when this kiosk has no bill acceptor. */
  readonly cash: CashService | undefined;
  readonly log: Logger;
  readonly alert: (code: string, detail: string) => void;
  readonly toCashInResult: (outcome: CashInOutcome) => CashInResult;
}

/** How a payable cannot be looked up or paid: the error codes every payable method shares. */
export type PayableError = MethodError<PayableErrorCode>;
/** How a lookup fails: the payable is unknown, or the platform that knows it cannot be reached. */
export type LookupError = MethodError<Extract<PayableErrorCode, 'payableNotFound' | 'platformUnavailable'>>;

export class FeeService {
  private readonly busy = new Set<string>();

  constructor(private readonly options: FeeServiceOptions) {}

  /** True when this kiosk has recorded the payable as paid. */
  isPaid(payable: Payable): boolean {
    return this.options.records.paidRecord(payable) !== undefined;
  }

  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  /** Runs `work` holding the payable's lock; a second payment of the same payable is refused. */
  async withPayable<R extends Result<unknown, MethodError<string>>>(payable: Payable, work: () => Promise<R>): Promise<R | Result<never, PayableError>> {
    const key = payableKey(payable);
    if (this.busy.has(key)) return err(apiError('sequenceError', 'paymentInProgress', `a payment of ${key} is already in progress`));
    this.busy.add(key);
    try {
      return await work();
    } finally {
      this.busy.delete(key);
    }
  }

  async lookup(payable: Payable): Promise<Result<PayableDetail, LookupError>> {
    const resolved = await this.resolve(payable);
    if (!resolved.ok) return resolved;
    const r = resolved.value;
    return ok({ payable: r.payable, itemName: r.itemName, payee: r.payee, payerMasked: r.payerMasked, amountFen: r.amountFen, status: r.status });
  }

  /** Resolves a payable that is still to be paid (amount from the core or the platform). */
  async resolveUnpaid(payable: Payable): Promise<Result<ResolvedPayable, PayableError>> {
    const resolved = await this.resolve(payable);
    if (!resolved.ok) return resolved;
    if (resolved.value.status === 'paid') return err(apiError('sequenceError', 'alreadyPaid', `${payableKey(payable)} is already paid`));
    if (resolved.value.amountFen <= 0) return err(apiError('invalidData', 'nothingToPay', `${payableKey(payable)} has nothing to pay`));
    return resolved;
  }

  /**
   * Cash for a payable: the cash-in runs for the payable's amount with the payable journaled as
   * its purpose; paying in full commits the cash-in's end, the payment record and its outbox job
   * in one transaction (cashPaymentSettler), then the payment receipt is printed. When the
   * citizen cancels with notes stacked, the cash service's refund claim is the whole story.
   */
  async payCash(payable: Payable, timeoutMs: number, signal: AbortSignal, listener: CashInListener): Promise<Result<{ cash: CashInResult; receipt: ReceiptOutcome }, PayableError | MethodError<CashStartErrorCode>>> {
    return this.withPayable(payable, async (): Promise<Result<{ cash: CashInResult; receipt: ReceiptOutcome }, PayableError | MethodError<CashStartErrorCode>>> => {
      const resolved = await this.resolveUnpaid(payable);
      if (!resolved.ok) return resolved;
      const cash = this.options.cash;
      if (!cash) return err(apiError('unsupportedCommand', 'noAcceptor', 'no bill acceptor is configured on this kiosk'));
      const purpose = { kind: 'payable' as const, payable: resolved.value.payable, itemName: resolved.value.itemName };
      const started = await cash.startCashIn({ dueFen: resolved.value.amountFen, timeoutMs, listener, purpose });
      if (!started.ok) return err(cashInRefusalError(started.error));
      const txn = started.value;
      const onAbort = () => void txn.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      const outcome = await txn.done;
      signal.removeEventListener('abort', onAbort);
      const result = this.options.toCashInResult(outcome);
      if (outcome.status !== 'paid') return ok({ cash: result, receipt: { outcome: 'notAttempted', reason: `cash-in ${outcome.status}` } });
      return ok({ cash: result, receipt: await this.afterCashPaid(resolved.value, outcome) });
    });
  }

  /** The payment receipt of a paid cash-in, by what its closing transaction wrote. */
  private async afterCashPaid(resolved: ResolvedPayable, outcome: CashInOutcome): Promise<ReceiptOutcome> {
    const { records, log } = this.options;
    const paymentId = cashPaymentId(outcome.txnId);
    const settlement = outcome.settlement;
    if (settlement?.kind === 'refundOwed') {
      // The cash service filed the refund claim (its receipt is printed) and raised the alert.
      log.error('fees.cash_double_payment', { txnId: outcome.txnId, claimId: outcome.claim?.claimId });
      return { outcome: 'notAttempted', reason: 'the payable was already paid: the cash is owed back as a refund claim' };
    }
    if (settlement?.kind === 'recorded') log.info('fees.cash_paid', { paymentId, amountFen: outcome.paidFen });
    else {
      // Nothing of the end could be written (storage): the journal holds every note, and the
      // reconciler writes this very record (same id) before the next cash-in or at boot.
      log.error('fees.cash_record_pending', { txnId: outcome.txnId, reason: outcome.closeFailed ?? 'no settlement' });
      this.options.alert('paymentRecordWriteFailed', `cash txn ${outcome.txnId} paid ${payableKey(resolved.payable)} but its record could not be written yet (${outcome.closeFailed ?? 'no settlement'}); the reconciler completes it`);
    }
    const record = records.paidRecord(resolved.payable) ?? { paymentId, payable: resolved.payable, itemName: resolved.itemName, amountFen: outcome.paidFen, method: 'cash' as const, cashTxnId: outcome.txnId, paidAt: new Date().toISOString() };
    return printPaymentReceipt(this.options.receipts, record, outcome.paidFen);
  }

  private async resolve(payable: Payable): Promise<Result<ResolvedPayable, LookupError>> {
    const resolved = await this.options.resolver.resolve(payable);
    if (resolved.ok) return resolved;
    switch (resolved.error.kind) {
      case 'notFound':
        return err(apiError('invalidData', 'payableNotFound', resolved.error.message));
      case 'platformUnavailable':
        return err(apiError('deviceNotReady', 'platformUnavailable', resolved.error.message));
      default: {
        const never: never = resolved.error;
        throw new Error(`unknown lookup failure ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Fees: payable lookup, cash payment of a payable, payment records (fees module). */
export const FeeServiceId = serviceId<FeeService>('fees');
