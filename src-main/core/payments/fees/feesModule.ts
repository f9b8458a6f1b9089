// The fees and QR payment domain of the core: payable lookup, cash payment of a payable, QR
// payment by displayed code and by the citizen's payment code, payment records and receipts, and
// the reconciler of QR orders whose outcome was unknown; serves Fee.* and Qr.* (feesApi.ts).
import { ulid } from 'ulid';
import { AlertServiceId } from '../../alerts/AlertService';
import { defineModule } from '../../composition/CoreModule';
import { DeviceManagerId } from '../../devices/DeviceManager';
import { PrintServiceId } from '../../printing/PrintService';
import { KioskDatabaseId, OutboxId } from '../../storage/storageServices';
import { PlatformClientId } from '../../sync/PlatformClient';
import { toCashInResult } from '../cashInResult';
import { CashServiceId } from '../CashService';
import { PaymentGatewayClient } from '../qr/PaymentGatewayClient';
import { QrOrderStore } from '../qr/QrOrderStore';
import { QrPaymentService } from '../qr/QrPaymentService';
import { QrReconciler, QrReconcilerId } from '../qr/QrReconciler';
import { QrSettlement } from '../qr/qrSettlement';
import { receiptPrinterReady } from '../receiptPrinterReady';
import { CashPaymentSettler } from './cashPaymentSettler';
import { registerFeesApi } from './feesApi';
import { FeeService, FeeServiceId } from './FeeService';
import { PayableResolver, SessionCaseFeesId } from './payables';
import { PaymentRecords } from './PaymentRecords';
import type { PaymentReceiptContext } from './paymentReceipts';

export const feesModule = defineModule({
  name: 'payments.fees',
  requires: { db: KioskDatabaseId, outbox: OutboxId, platform: PlatformClientId, alerts: AlertServiceId },
  optional: { cash: CashServiceId, printing: PrintServiceId, devices: DeviceManagerId, caseFees: SessionCaseFeesId },
  provides: { fees: FeeServiceId, qrReconciler: QrReconcilerId },
  start(ctx, { db, outbox, platform, alerts, cash, printing, devices, caseFees }) {
    const log = ctx.log.child('fees');
    // Each money problem is its own alert (a unique subject): none may be folded into an earlier one.
    const alert = (code: string, detail: string) => alerts.raise('deviceNeedsAttention', `payments:${code}:${ulid()}`, { paymentAlert: code, severity: 'critical', detail });
    const records = new PaymentRecords(db, outbox, (record) => {
      if (record.payable.kind === 'case') caseFees?.markPaid?.(record.payable.caseNumber, record.paidAt);
    });
    const orders = new QrOrderStore(db);
    const gateway = new PaymentGatewayClient(platform);
    const receipts: PaymentReceiptContext = {
      printing,
      hallName: ctx.config.kiosk.hallName.zh,
      kioskCode: ctx.config.kiosk.code,
      verifyBaseUrl: ctx.config.sync.platformUrl ?? 'https://kiosk.invalid',
      printerReady: (timeoutMs) => receiptPrinterReady(ctx.deviceStatuses, timeoutMs),
    };
    // A cash-in for a payable writes its payment record in the same transaction as its end.
    if (cash) {
      const attached = cash.attachSettler(new CashPaymentSettler({ records, receipts, log }));
      if (!attached.ok) throw new Error(attached.error);
    }
    const settlement = new QrSettlement({ orders, records, receipts, log: log.child('qr'), alert });
    const fees = new FeeService({
      resolver: new PayableResolver({ caseFees: () => caseFees, gateway, records, hallName: ctx.config.kiosk.hallName }),
      records,
      receipts,
      cash,
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
    ctx.onStop(() => reconciler.stop());
    registerFeesApi(ctx, { fees, qr, devices });
    return { fees, qrReconciler: reconciler };
  },
});
