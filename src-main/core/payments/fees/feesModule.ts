// The fees and QR payment core module: payable lookup, cash payment of a payable, QR payment by
// displayed code and by the citizen's payment code, payment records, receipts and the QR
// reconciler; registers Fee.Lookup, Fee.PayCash, Qr.PayByDisplayedCode and Qr.PayByPaymentCode.
import { ulid } from 'ulid';
import { apiError, type ApiError } from '../../../../src-common/api/envelope';
import { noteTooLargeMessage } from '../../../../src-common/api/payments';
import { err, type Result } from '../../../../src-common/result';
import type { CoreContext, CoreModule } from '../../CoreContext';
import { toCashInResult } from '../cashModule';
import { CASH_PROBLEM_MESSAGES } from '../cashProblemMessages';
import { PaymentGatewayClient } from '../qr/PaymentGatewayClient';
import { QrOrderStore } from '../qr/QrOrderStore';
import { QrPaymentService } from '../qr/QrPaymentService';
import { QrReconciler } from '../qr/QrReconciler';
import { QrSettlement } from '../qr/qrSettlement';
import { waitForPaymentCode } from '../qr/waitForPaymentCode';
import { receiptPrinterReady } from '../receiptPrinterReady';
import { CashPaymentSettler } from './cashPaymentSettler';
import { FeeService } from './FeeService';
import { PayableResolver, type SessionCaseFees } from './payables';
import { PaymentRecords } from './PaymentRecords';
import type { PaymentReceiptContext } from './paymentReceipts';


/** Case fees of the current session: `ctx.services.caseFees` when set, else the applications service. */
function caseFeesOf(ctx: CoreContext): SessionCaseFees | undefined {
  if (ctx.services.caseFees) return ctx.services.caseFees;
  const applications = ctx.services.applications;
  if (!applications) return undefined;
  return {
    caseFee(caseNumber) {
      const session = ctx.sessions.active;
      const row = session ? applications.sessionCase(session.info.sessionId, caseNumber) : undefined;
      return row ? { caseNumber: row.caseNumber, name: row.name, feeFen: row.feeFen, paid: row.paidAt !== null } : undefined;
    },
    markPaid(caseNumber, paidAt) {
      applications.markPaid(caseNumber, paidAt);
    },
  };
}

/** QR payment needs the platform: the capability gate already says why not. */
function qrRefusal(ctx: CoreContext): ApiError | undefined {
  const state = ctx.capabilities.current().capabilities.find((c) => c.capability === 'qrPay');
  if (state?.available) return undefined;
  return apiError('deviceNotReady', `QR payment is unavailable (${state?.reasonKey ?? 'reason.offline'}: ${state?.detail ?? 'central platform unreachable'}); nothing was charged`);
}

export const feesModule: CoreModule = {
  name: 'payments.fees',
  start(ctx) {
    const log = ctx.log.child('fees');
    const { db, outbox } = ctx.services;
    if (!db || !outbox) throw new Error('fees: the storage module must start first');
    const alert = (code: string, detail: string) => {
      const alerts = ctx.services.alerts;
      // Each money problem is its own alert (a unique subject): none may be folded into an earlier one.
      if (alerts) alerts.raise('deviceNeedsAttention', `payments:${code}:${ulid()}`, { paymentAlert: code, severity: 'critical', detail });
      else log.error('fees.alert', { code, detail });
    };
    const records = new PaymentRecords(db, outbox, (record) => {
      if (record.payable.kind === 'case') caseFeesOf(ctx)?.markPaid?.(record.payable.caseNumber, record.paidAt);
    });
    const orders = new QrOrderStore(db);
    const gateway = new PaymentGatewayClient(() => ctx.services.platform);
    const receipts: PaymentReceiptContext = {
      printing: () => ctx.services.printing,
      hallName: ctx.config.kiosk.hallName.zh,
      kioskCode: ctx.config.kiosk.code,
      verifyBaseUrl: ctx.config.sync.platformUrl ?? 'https://kiosk.invalid',
      printerReady: (timeoutMs) => receiptPrinterReady(ctx.deviceStatuses, timeoutMs),
    };
    // A cash-in for a payable writes its payment record in the same transaction as its end.
    const attached = ctx.services.cash?.attachSettler(new CashPaymentSettler({ records, receipts, log }));
    if (attached && !attached.ok) throw new Error(`fees: ${attached.error}`);
    const settlement = new QrSettlement({ orders, records, receipts, log: log.child('qr'), alert });
    const fees = new FeeService({
      resolver: new PayableResolver({ caseFees: () => caseFeesOf(ctx), gateway, records, hallName: ctx.config.kiosk.hallName }),
      records,
      receipts,
      cash: () => ctx.services.cash,
      log,
      alert,
      toCashInResult,
    });
    const { qrPay } = ctx.config;
    const qr = new QrPaymentService({ gateway, orders, settlement, log: log.child('qr'), timings: { pollIntervalMs: qrPay.pollIntervalMs, minConfirmWindowMs: qrPay.minConfirmWindowSeconds * 1000 } });
    const reconciler = new QrReconciler({ gateway, orders, settlement, log: log.child('reconcile'), isBusy: (key) => fees.isBusy(key) });
    const interrupted = reconciler.markInterrupted();
    if (interrupted > 0) log.warn('qr.interrupted_orders', { count: interrupted });
    reconciler.start(qrPay.reconcileIntervalSeconds * 1000);
    ctx.onShutdown(() => reconciler.stop());
    ctx.services.fees = fees;
    ctx.services.qrReconciler = reconciler;

    ctx.router.register('Fee.Lookup', async (input) => fees.lookup(input.payable));

    ctx.router.register('Fee.PayCash', async (input, call) =>
      fees.payCash(input.payable, input.timeoutSeconds * 1000, call.signal, {
        onEscrowed: (n) => call.emit('noteEscrowed', n),
        onStacked: (n) => call.emit('noteStacked', n),
        onRejected: (n) => call.emit('noteRejected', { ...n, message: noteTooLargeMessage(n.maxAcceptableFen) }),
        onDeviceProblem: (p) => call.emit('deviceProblem', { ...p, message: CASH_PROBLEM_MESSAGES[p.problem] }),
      }),
    );

    ctx.router.register('Qr.PayByDisplayedCode', async (input, call) => {
      const refused = qrRefusal(ctx);
      if (refused) return err(refused);
      return fees.withPayable(input.payable, async () => {
        const resolved = await fees.resolveUnpaid(input.payable);
        if (!resolved.ok) return resolved;
        return qr.payByDisplayedCode(resolved.value, input.timeoutSeconds * 1000, call.signal, {
          orderCreated: (e) => call.emit('orderCreated', e),
          userPaying: (e) => call.emit('userPaying', e),
        });
      });
    });

    ctx.router.register('Qr.PayByPaymentCode', async (input, call) => {
      const refused = qrRefusal(ctx) ?? scannerRefusal(ctx);
      if (refused) return err(refused);
      const scanner = ctx.services.devices!.scanner();
      if (!scanner.ok) return err(apiError('deviceNotReady', scanner.error));
      const scans = scanner.value.scans;
      return fees.withPayable(input.payable, async (): Promise<Result<never, ApiError> | Awaited<ReturnType<QrPaymentService['payByPaymentCode']>>> => {
        const resolved = await fees.resolveUnpaid(input.payable);
        if (!resolved.ok) return resolved;
        return qr.payByPaymentCode(
          resolved.value,
          input.timeoutSeconds * 1000,
          call.signal,
          {
            waitingForCode: () => call.emit('waitingForCode', {}),
            codeScanned: (e) => call.emit('codeScanned', e),
            userPaying: (e) => call.emit('userPaying', e),
          },
          (signal) => waitForPaymentCode(scans, signal),
        );
      });
    });
  },
};

/** Paying by payment code needs a working scanner. */
function scannerRefusal(ctx: CoreContext): ApiError | undefined {
  if (!ctx.services.devices?.scanner().ok) return apiError('deviceNotReady', 'no scanner is configured: payment codes cannot be read');
  const state = ctx.capabilities.current().capabilities.find((c) => c.capability === 'scan');
  if (state && !state.available) return apiError('deviceNotReady', `the scanner is unavailable (${state.reasonKey ?? 'reason.deviceFault'}: ${state.detail ?? ''})`);
  return undefined;
}
