// A kiosk core in its own process for the 缴费 crash matrix: runs one payment journey through the
// API and SIGKILLs itself at the named crash point, as a power cut would. The crash points hook
// methods that exist on both sides of a change (journal appends, gateway calls, print calls), so
// the same worker shows a bug on an older build and its absence on this one.
// Usage: node feeCrashWorker.mjs <json: { dataDir, overrides, crashPoint, journey, platformUrl, adminToken }>
// Prints `ready`, `event <name> <json>` per API event, `completion <json>` and `done`.
import { ApiClient, type ClientSocket } from '../../../../src-common/api/client';
import type { KioskConfigInput } from '../../../../kiosk-config/schema';
import { createInMemorySocket } from '../../../../src-main/core/api/inMemorySocket';
import { createKioskCore } from '../../../../src-main/core/createKioskCore';
import { CashJournal, type JournalBody } from '../../../../src-main/core/payments/cashJournal';
import { PaymentGatewayClient } from '../../../../src-main/core/payments/qr/PaymentGatewayClient';
import { QrOrderStore } from '../../../../src-main/core/payments/qr/QrOrderStore';
import { PrintJobJournal } from '../../../../src-main/core/printing/PrintJobJournal';
import { PrintService } from '../../../../src-main/core/printing/PrintService';
import type { PrintJobRecord } from '../../../../src-common/api/printing';
import type { ReceiptDocument } from '../../../../drivers/printer/escpos/receiptDocument';
import { FEE_CRASH_MODULES, type CrashPoint, type Journey } from './feeCrashPoints';
import { DeviceManagerId } from '../../../../src-main/core/devices/DeviceManager';
import { crash, hook } from '../../support/crashHooks';
import { until } from '../../../support/until';

interface WorkerArgs {
  readonly dataDir: string;
  readonly overrides: Partial<KioskConfigInput>;
  readonly crashPoint: CrashPoint;
  readonly journey: Journey;
  readonly platformUrl: string;
  readonly adminToken: string;
}

const args = JSON.parse(process.argv[2]!) as WorkerArgs;
const say = (line: string) => process.stdout.write(`${line}\n`);


// ---- the crash points ------------------------------------------------------------------------
const dueByTxn = new Map<string, number>();
let noteAcceptances = 0;
const bodyOf = (a: unknown[]) => a[1] as JournalBody;
hook(CashJournal.prototype, 'append', {
  before: (a) => {
    const body = bodyOf(a);
    if (body.kind === 'txnStarted') dueByTxn.set(a[0] as string, body.dueFen);
    // The last note is in the cash box; its entry is not written.
    if (args.crashPoint === 'cash.stackedBeforeJournal' && body.kind === 'noteStacked' && body.paidFen === dueByTxn.get(a[0] as string)) crash();
  },
  after: (a) => {
    const body = bodyOf(a);
    switch (args.crashPoint) {
      case 'cash.started':
        if (body.kind === 'txnStarted') crash();
        break;
      case 'cash.secondNoteInEscrow':
        if (body.kind === 'noteAccepting' && ++noteAcceptances === 2) crash();
        break;
      case 'cash.lastNoteJournaled':
        if (body.kind === 'noteStacked' && body.paidFen === dueByTxn.get(a[0] as string)) crash();
        break;
      case 'cash.paidBeforeRecord':
        if (body.kind === 'txnEnded' && body.status === 'paid') crash();
        break;
      case 'cash.canceledBeforeClaim':
        if (body.kind === 'txnEnded' && body.status === 'canceled') crash();
        break;
      default:
        break;
    }
  },
});
hook(PrintService.prototype, 'printReceipt', {
  before: (a) => {
    if (args.crashPoint === 'receipt.recordedBeforeReceipt' && (a[0] as ReceiptDocument).kind === 'payment') crash();
  },
});
hook(PrintJobJournal.prototype, 'write', {
  after: (a) => {
    const record = a[0] as PrintJobRecord;
    if (args.crashPoint === 'receipt.printing' && record.document === 'payment' && record.state === 'printing') crash();
  },
});
hook(PaymentGatewayClient.prototype, 'createOrder', {
  after: () => {
    if (args.crashPoint === 'qr.orderCreatedAtPlatform') crash();
  },
});
hook(PaymentGatewayClient.prototype, 'micropay', {
  before: () => {
    if (args.crashPoint === 'qr.codeScanned') crash();
  },
  after: () => {
    if (args.crashPoint === 'qr.micropaySent') crash();
  },
});
hook(PaymentGatewayClient.prototype, 'queryOrder', {
  after: (_a, result) => {
    const answer = result as { ok: boolean; value?: { status: string } };
    if (args.crashPoint === 'qr.paidBeforeRecord' && answer.ok && answer.value?.status === 'paid') crash();
  },
});
hook(QrOrderStore.prototype, 'update', {
  after: (a) => {
    const state = (a[1] as { state: string }).state;
    if (args.crashPoint === 'qr.shown' && state === 'created') crash();
    if (args.crashPoint === 'qr.userPaying' && state === 'userPaying') crash();
  },
});

// ---- the journey ----------------------------------------------------------------------------
const core = await createKioskCore({ dataDir: args.dataDir, profile: 'test', configOverrides: args.overrides, modules: FEE_CRASH_MODULES, logger: { logDir: false } });
const ctx = core.context;
await until(() => ctx.deviceStatuses.get('bill-acceptor')?.state === 'online', 'bill acceptor online', 30_000, 10);
await until(() => ctx.deviceStatuses.get('receipt-printer')?.state === 'online', 'receipt printer online', 30_000, 10);
await until(() => ctx.deviceStatuses.get('scanner')?.state === 'online', 'scanner online', 30_000, 10);
await until(() => ctx.capabilities.current().capabilities.find((c) => c.capability === 'qrPay')?.available === true, 'platform online', 30_000, 10);
const client = new ApiClient(() => createInMemorySocket(core.router) as ClientSocket);
await client.whenOpen();
const session = await client.call('Session.Start', { language: 'zh-CN', elderlyMode: false });
if (!session.ok) throw new Error(`worker: Session.Start: ${session.error.description}`);
say('ready');

const admin = (method: 'POST', path: string) => fetch(args.platformUrl + path, { method, headers: { authorization: `Bearer ${args.adminToken}` } });
const cancel = new AbortController();
const payable = { kind: 'notice' as const, noticeNumber: args.journey.noticeNumber };
const onEvent = ({ event, payload }: { readonly event: string; readonly payload: unknown }) => {
  say(`event ${event} ${JSON.stringify(payload)}`);
  const orderId = (payload as { orderId?: string }).orderId;
  switch (args.journey.kind) {
    case 'cashCancelAfterFirstNote':
      if (event === 'noteStacked') cancel.abort();
      break;
    case 'qrDisplayed':
      // The citizen scans the QR with the wallet app, then confirms in it.
      if (event === 'orderCreated') void admin('POST', `/admin/payments/${orderId}/scan`);
      if (event === 'userPaying') void admin('POST', `/admin/payments/${orderId}/pay`);
      break;
    case 'qrPaymentCode':
      if (event === 'waitingForCode') {
        const scanner = core.service(DeviceManagerId)!.scanner();
        if (scanner.ok) void scanner.value.simulator!.scan(args.journey.paymentCode);
      }
      break;
    default:
      break;
  }
};
let completion: unknown;
switch (args.journey.kind) {
  case 'cash':
  case 'cashCancelAfterFirstNote':
    completion = await client.call('Fee.PayCash', { payable, timeoutSeconds: 60 }, { onEvent, signal: cancel.signal });
    break;
  case 'qrDisplayed':
    completion = await client.call('Qr.PayByDisplayedCode', { payable, timeoutSeconds: 30 }, { onEvent });
    break;
  case 'qrPaymentCode':
    completion = await client.call('Qr.PayByPaymentCode', { payable, timeoutSeconds: 30 }, { onEvent });
    break;
  default: {
    const never: never = args.journey;
    throw new Error(`unknown journey ${JSON.stringify(never)}`);
  }
}
say(`completion ${JSON.stringify(completion)}`);
say('done');
await core.stop();
process.exit(0);
