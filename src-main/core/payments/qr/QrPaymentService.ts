// QR payment against the platform (design.md §5): the displayed-code flow (show the order's QR,
// poll until paid/expired/canceled, close on leaving) and the payment-code flow (scan the citizen's
// 付款码, micropay, poll while USERPAYING, reverse on timeout). One order id per payable is reused
// on every retry; nothing is marked paid without the platform's answer; when the platform cannot
// be reached after money may have moved, the outcome is `unknown` and a claim record is queued.
import { apiError, type MethodError } from '../../../../src-common/api/envelope';
import type { PaymentOutcome, QrErrorCode } from '../../../../src-common/api/fees';
import type { Logger } from '../../../../src-common/logging';
import type { Channel, OrderMode, PaymentOrder } from '../../../../src-common/wire/paymentsWire';
import { err, ok, type Result } from '../../../../src-common/result';
import { describeFailure, type PlatformFailure } from '../../sync/PlatformClient';
import type { ResolvedPayable } from '../fees/payables';
import type { PaymentGateway } from './PaymentGatewayClient';
import type { QrOrder, QrOrderStore } from './QrOrderStore';
import type { QrSettlement } from './qrSettlement';
import type { Fen } from '../../../../src-common/domain/money';

/** Timing of the QR flows; every value is configurable (kiosk-config `qrPay`). */
export interface QrTimings {
  /** Between two status queries of an order (WeChat suggests polling every few seconds). */
  readonly pollIntervalMs: number;
  /** After a payment code is scanned the payer has at least this long to confirm (USERPAYING). */
  readonly minConfirmWindowMs: number;
}

export const DEFAULT_QR_TIMINGS: QrTimings = { pollIntervalMs: 2000, minConfirmWindowMs: 30_000 };

/** A payment code read by the scanner. The text is a single-use credential: never logged or stored. */
export interface ScannedPaymentCode {
  readonly text: string;
  readonly channel: Channel;
}

export interface DisplayedCodeEvents {
  orderCreated(e: { orderId: string; qrContent: string; expiresAt: string; amountFen: Fen }): void;
  userPaying(e: { orderId: string }): void;
}

export interface PaymentCodeEvents {
  waitingForCode(): void;
  codeScanned(e: { channel: Channel }): void;
  userPaying(e: { orderId: string }): void;
}

export interface QrPaymentServiceOptions {
  readonly gateway: PaymentGateway;
  readonly orders: QrOrderStore;
  readonly settlement: QrSettlement;
  readonly log: Logger;
  readonly timings?: Partial<QrTimings>;
}

/** How a QR payment cannot start: nothing was charged in any of these. */
export type QrError = MethodError<QrErrorCode | 'alreadyPaid'>;

type Flow = Result<PaymentOutcome, QrError>;

export class QrPaymentService {
  private readonly timings: QrTimings;

  constructor(private readonly options: QrPaymentServiceOptions) {
    this.timings = { ...DEFAULT_QR_TIMINGS, ...options.timings };
  }

  /** Creates (or reuses) the order, shows its QR, polls until an outcome, closes it on leaving. */
  async payByDisplayedCode(resolved: ResolvedPayable, timeoutMs: number, signal: AbortSignal, events: DisplayedCodeEvents): Promise<Flow> {
    const opened = await this.openOrder(resolved, 'displayedCode', Math.ceil(timeoutMs / 1000));
    if (!opened.ok) return opened;
    const { order } = opened.value;
    let remote = opened.value.remote;
    if (remote.status === 'paid') return ok(await this.paid(order, remote));
    this.options.orders.update(order.orderId, { state: remote.status === 'userPaying' ? 'userPaying' : 'created', ...(remote.qrContent ? { qrContent: remote.qrContent } : {}), expiresAt: remote.expiresAt });
    events.orderCreated({ orderId: order.orderId, qrContent: remote.qrContent ?? '', expiresAt: remote.expiresAt, amountFen: remote.amountFen });
    const deadline = Math.min(Date.now() + timeoutMs, Date.parse(remote.expiresAt));
    const polled = await this.pollWhileOpen(order, remote, deadline, signal, events);
    remote = polled.remote;
    const lastFailure = polled.lastFailure;
    if (remote.status !== 'created' && remote.status !== 'userPaying') return ok(await this.ended(order, remote, signal.aborted));
    // Leaving with the order open (canceled or timed out): close it, so a late payment cannot land.
    const closed = await this.options.gateway.closeOrder(order.orderId);
    if (!closed.ok) {
      const failure = describeFailure(closed.error);
      return ok(await this.unknown(order, `could not close order after ${signal.aborted ? 'cancel' : 'timeout'}: ${failure}${lastFailure ? `; last query: ${describeFailure(lastFailure)}` : ''}`));
    }
    return ok(await this.ended(order, closed.value, signal.aborted, signal.aborted ? undefined : 'the QR expired unpaid'));
  }

  /**
   * Opens the order, waits for the citizen's payment code from the scanner, pays by micropay,
   * polls while the payer confirms, reverses when they do not confirm in time.
   */
  async payByPaymentCode(
    resolved: ResolvedPayable,
    timeoutMs: number,
    signal: AbortSignal,
    events: PaymentCodeEvents,
    waitForCode: (signal: AbortSignal) => Promise<ScannedPaymentCode | undefined>,
  ): Promise<Flow> {
    const opened = await this.openOrder(resolved, 'paymentCode', Math.ceil((timeoutMs + this.timings.minConfirmWindowMs) / 1000));
    if (!opened.ok) return opened;
    const { order } = opened.value;
    let remote = opened.value.remote;
    if (remote.status === 'paid') return ok(await this.paid(order, remote));
    const started = Date.now();
    let confirmDeadline = started + timeoutMs;
    if (remote.status === 'created') {
      this.options.orders.update(order.orderId, { state: 'created', expiresAt: remote.expiresAt });
      events.waitingForCode();
      const code = await waitForCode(AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
      if (!code) {
        // No code was ever sent: nothing can have been charged. Close the order if the platform answers.
        const closed = await this.options.gateway.closeOrder(order.orderId);
        if (closed.ok && closed.value.status === 'paid') return ok(await this.paid(order, closed.value));
        this.options.settlement.unpaid(order, 'closed', signal.aborted ? 'canceled before a code was shown' : 'no payment code shown in time');
        return ok(this.outcome(order, 'canceled', signal.aborted ? 'canceled before a payment code was shown; nothing charged' : 'no payment code was shown in time; nothing charged'));
      }
      events.codeScanned({ channel: code.channel });
      this.options.orders.update(order.orderId, { state: 'paying', channel: code.channel });
      confirmDeadline = Math.max(started + timeoutMs, Date.now() + this.timings.minConfirmWindowMs);
      const paid = await this.micropay(order.orderId, code, confirmDeadline);
      if (!paid.ok) return ok(await this.unknown(order, `micropay outcome unknown: ${describeFailure(paid.error)}`));
      remote = paid.value;
    }
    remote = (await this.pollWhileOpen(order, remote, confirmDeadline, signal, events)).remote;
    if (remote.status !== 'userPaying' && remote.status !== 'created') return ok(await this.ended(order, remote, false));
    // The payer did not confirm in time (or the citizen canceled): reverse (撤销), so a late
    // confirmation can never charge them.
    const reversed = await this.options.gateway.reverseOrder(order.orderId);
    if (!reversed.ok) return ok(await this.unknown(order, `could not reverse after ${signal.aborted ? 'cancel' : 'timeout'}: ${describeFailure(reversed.error)}`));
    return ok(await this.ended(order, reversed.value, signal.aborted, signal.aborted ? 'canceled while the payer was confirming; reversed' : 'the payer did not confirm in time; reversed'));
  }

  /**
   * Polls the order while it is open (created or user-paying) until it ends, the deadline passes
   * or the signal aborts; announces USERPAYING once. Failed queries are remembered, not fatal:
   * the caller decides what an open order at the end means.
   */
  private async pollWhileOpen(
    order: QrOrder,
    initial: PaymentOrder,
    deadline: number,
    signal: AbortSignal,
    events: { userPaying(e: { orderId: string }): void },
  ): Promise<{ remote: PaymentOrder; lastFailure?: PlatformFailure }> {
    let remote = initial;
    let lastFailure: PlatformFailure | undefined;
    let announced = false;
    while (remote.status === 'created' || remote.status === 'userPaying') {
      if (remote.status === 'userPaying' && !announced) {
        announced = true;
        this.options.orders.update(order.orderId, { state: 'userPaying' });
        events.userPaying({ orderId: order.orderId });
      }
      if (signal.aborted || Date.now() >= deadline) break;
      await sleep(Math.min(this.timings.pollIntervalMs, Math.max(0, deadline - Date.now())), signal);
      if (signal.aborted) break;
      const queried = await this.options.gateway.queryOrder(order.orderId);
      if (queried.ok) {
        remote = queried.value;
        lastFailure = undefined;
      } else {
        lastFailure = queried.error;
      }
    }
    return lastFailure ? { remote, lastFailure } : { remote };
  }

  /**
   * Sends the micropay, retrying the same order with the same code while the platform cannot be
   * reached (the platform answers a repeated micropay with the order's state, never a new charge).
   */
  private async micropay(orderId: string, code: ScannedPaymentCode, deadline: number): Promise<Result<PaymentOrder, PlatformFailure>> {
    const { gateway, log } = this.options;
    let lastFailure: PlatformFailure = { kind: 'unreachable', message: 'not attempted' };
    let attempts = 0;
    do {
      attempts++;
      const sent = await gateway.micropay(orderId, code.text);
      if (sent.ok) return sent;
      lastFailure = sent.error;
      log.warn('qr.micropay_failed', { orderId, attempt: attempts, failure: sent.error.kind });
      // Learn whether the first attempt arrived before sending another.
      await sleep(Math.min(this.timings.pollIntervalMs, Math.max(0, deadline - Date.now())));
      const queried = await gateway.queryOrder(orderId);
      if (queried.ok && queried.value.status !== 'created') return queried;
      if (!queried.ok) lastFailure = queried.error;
    } while (Date.now() < deadline);
    return err(lastFailure);
  }

  /**
   * The order for this payable: reused when an open one exists (same id on every retry), created
   * at the platform idempotently. A failure here happens before any money can move.
   */
  private async openOrder(resolved: ResolvedPayable, mode: OrderMode, ttlSeconds: number, attempt = 1): Promise<Result<{ order: QrOrder; remote: PaymentOrder }, QrError>> {
    const { orders, gateway, log, settlement } = this.options;
    const { order, reused } = orders.reuseOrCreate(resolved.payable, mode, resolved.amountFen, resolved.itemName);
    const created = await gateway.createOrder({ orderId: order.orderId, payable: resolved.payable, mode, amountFen: resolved.amountFen, subject: resolved.itemName.zh, ttlSeconds: Math.min(3600, Math.max(10, ttlSeconds)) });
    if (!created.ok) {
      const f = created.error;
      if (f.kind === 'http' && (f.status === 404 || f.status === 409)) {
        settlement.unpaid(order, 'closed', `create refused: ${f.code}`);
        if (f.code === 'alreadyPaid') return err(apiError('sequenceError', 'alreadyPaid', 'this payable is already paid at the platform; nothing was charged'));
        if (f.code === 'amountMismatch') return err(apiError('invalidData', 'amountRefused', `the platform refused the amount: ${f.message}`));
        return err(apiError('invalidData', 'orderRefused', `the platform refused the order: ${f.code}: ${f.message}`));
      }
      log.warn('qr.create_failed', { orderId: order.orderId, reused, failure: f.kind });
      return err(apiError('deviceNotReady', 'qrUnavailable', `QR payment is unavailable: ${describeFailure(f)}; no order was created and nothing was charged (cash still works for cases of this session)`));
    }
    const remote = created.value;
    if (remote.status !== 'paid' && remote.status !== 'created' && remote.status !== 'userPaying') {
      // A reused order that ended meanwhile (expired, reversed…): record that, then start afresh once.
      await this.ended(order, remote, false);
      if (attempt >= 2) return err(apiError('sequenceError', 'orderEnded', `order ${order.orderId} is ${remote.status}; try again`));
      return this.openOrder(resolved, mode, ttlSeconds, attempt + 1);
    }
    log.info('qr.order_open', { orderId: order.orderId, mode, reused, status: remote.status });
    return ok({ order: orders.get(order.orderId) ?? order, remote });
  }

  /** Applies a final platform status to the order and describes the outcome. */
  private async ended(order: QrOrder, remote: PaymentOrder, canceled: boolean, reason?: string): Promise<PaymentOutcome> {
    const { settlement } = this.options;
    switch (remote.status) {
      case 'paid':
        return this.paid(order, remote);
      case 'failed':
        settlement.unpaid(order, 'failed', remote.failureReason);
        return this.outcome(order, 'failed', remote.failureReason ?? 'the payer’s channel declined', remote.channel);
      case 'expired':
        settlement.unpaid(order, 'expired');
        return this.outcome(order, 'expired', reason ?? 'the QR expired unpaid');
      case 'reversed':
        settlement.unpaid(order, 'reversed', reason);
        return this.outcome(order, 'reversed', reason ?? 'reversed; nothing charged', remote.channel);
      case 'closed':
        settlement.unpaid(order, 'closed', reason);
        return this.outcome(order, canceled ? 'canceled' : 'expired', reason ?? (canceled ? 'canceled; nothing charged' : 'closed unpaid'));
      case 'created':
      case 'userPaying':
        return await this.unknown(order, `order still ${remote.status} when the kiosk stopped waiting`);
      default: {
        const never: never = remote.status;
        throw new Error(`unknown order status ${String(never)}`);
      }
    }
  }

  private async paid(order: QrOrder, remote: PaymentOrder): Promise<PaymentOutcome> {
    const { receipt } = await this.options.settlement.paid(order, remote, { printReceipt: true });
    return { orderId: order.orderId, status: 'paid', amountFen: remote.amountFen, ...(remote.channel ? { channel: remote.channel } : {}), ...(remote.paidAt ? { paidAt: remote.paidAt } : {}), receipt };
  }

  /** Unknown outcome: the claim is queued with the order's state, then its receipt is printed for the citizen. */
  private async unknown(order: QrOrder, reason: string): Promise<PaymentOutcome> {
    const { settlement, orders } = this.options;
    const { claimId } = settlement.unknown(orders.get(order.orderId) ?? order, reason);
    const receipt = await settlement.printClaimReceipt(order, claimId);
    return { ...this.outcome(order, 'unknown', `${reason}; claim ${claimId} queued, the kiosk will settle it with the platform`), receipt };
  }

  private outcome(order: QrOrder, status: PaymentOutcome['status'], reason: string, channel?: Channel): PaymentOutcome {
    return { orderId: order.orderId, status, amountFen: order.amountFen, ...(channel ? { channel } : {}), receipt: { outcome: 'notAttempted' }, reason };
  }
}

/** Sleeps `ms`, returning early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
