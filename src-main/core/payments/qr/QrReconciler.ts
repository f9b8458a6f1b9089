// Settles QR orders whose outcome the kiosk could not learn (`unknown`, with a claim queued) once
// the platform answers again: paid → payment record; still open → closed or reversed so it can
// never be charged later; ended → its final state. At boot, orders a crash left mid-flow become
// `unknown` first (money may have moved while the kiosk was down), with the citizen's claim
// receipt and an operator alert. Orders left `creating` (no QR shown, no code sent) are closed.
import type { Logger } from '../../../../src-common/logging';
import { payableKey } from '../../../../src-common/wire/paymentsWire';
import type { PaymentGateway } from './PaymentGatewayClient';
import type { QrOrder, QrOrderStore } from './QrOrderStore';
import type { QrSettlement } from './qrSettlement';
import { serviceId } from '../../composition/serviceId';

export interface QrReconcilerOptions {
  readonly gateway: PaymentGateway;
  readonly orders: QrOrderStore;
  readonly settlement: QrSettlement;
  readonly log: Logger;
  /** True while a live flow is paying this payable: the reconciler leaves its orders alone. */
  readonly isBusy: (payableKey: string) => boolean;
}

export interface ReconcileReport {
  /** Orders settled in this pass, by final state. */
  readonly resolved: ReadonlyArray<{ orderId: string; state: string }>;
  /** Orders still unknown (the platform did not answer). */
  readonly pending: number;
}

export class QrReconciler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileReport> | undefined;

  constructor(private readonly options: QrReconcilerOptions) {}

  /**
   * Boot: an order left `created`, `paying` or `userPaying` by a crash may have been paid. Each
   * becomes `unknown` with a claim (one transaction), then its claim receipt is printed and an
   * alert raised: the citizen keeps a reference, an operator learns of it before they call.
   */
  markInterrupted(): number {
    const interrupted = this.options.orders.inStates(['created', 'paying', 'userPaying']);
    for (const order of interrupted) this.options.settlement.interrupted(order, `the kiosk stopped while the order was ${order.state}`);
    return interrupted.length;
  }

  /** Runs one pass (concurrent callers share it). */
  reconcileNow(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number): void {
    this.stop();
    const tick = () => {
      void this.reconcileNow()
        .catch((e: unknown) => this.options.log.error('qr.reconcile_failed', { error: e }))
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    // unref: a pending reconcile pass never keeps a CLI process or a test alive.
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async pass(): Promise<ReconcileReport> {
    const resolved: Array<{ orderId: string; state: string }> = [];
    let pending = 0;
    // `creating`: the order id was chosen but the QR never shown nor a code sent (a crash or a
    // lost create answer); closing it at the platform makes sure it can never be paid.
    for (const order of this.options.orders.inStates(['unknown', 'creating'])) {
      if (this.options.isBusy(payableKey(order.payable))) continue;
      const state = await this.settle(order);
      if (state) resolved.push({ orderId: order.orderId, state });
      else pending++;
    }
    if (resolved.length > 0) this.options.log.info('qr.reconciled', { resolved: resolved.length, pending });
    return { resolved, pending };
  }

  private async settle(order: QrOrder): Promise<string | undefined> {
    const { gateway, settlement } = this.options;
    const queried = await gateway.queryOrder(order.orderId);
    if (!queried.ok) {
      // Never created at the platform: no QR was payable and no code was charged.
      if (queried.error.kind === 'http' && queried.error.status === 404) {
        settlement.unpaid(order, 'closed', 'the platform never received the order');
        return 'closed';
      }
      return undefined;
    }
    let remote = queried.value;
    if (remote.status === 'created' || remote.status === 'userPaying') {
      // The citizen has gone: make sure it can never be charged later.
      const ended = order.mode === 'displayedCode' ? await gateway.closeOrder(order.orderId) : await gateway.reverseOrder(order.orderId);
      if (!ended.ok) return undefined;
      remote = ended.value;
    }
    switch (remote.status) {
      case 'paid':
        await settlement.paid(order, remote, { printReceipt: false });
        return 'paid';
      case 'failed':
      case 'expired':
      case 'reversed':
      case 'closed':
        settlement.unpaid(order, remote.status, remote.failureReason);
        return remote.status;
      case 'created':
      case 'userPaying':
        return undefined;
      default: {
        const never: never = remote.status;
        throw new Error(`unknown order status ${String(never)}`);
      }
    }
  }
}

/** Settles QR orders whose outcome was unknown (fees module); `reconcileNow()` for tools and tests. */
export const QrReconcilerId = serviceId<QrReconciler>('qrReconciler');
