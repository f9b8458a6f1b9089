// `budayang pay orders|reconcile`: the technician's view of QR orders and payment records, and a
// manual pass of the QR reconciler (orders whose outcome was unknown). Both open the data
// directory in-process and take its lock, so they refuse to run beside a running core (whose own
// reconciler runs every `qrPay.reconcileIntervalSeconds`).
import path from 'node:path';
import { createLogger } from '../../core/logging/createLogger';
import { PaymentRecords } from '../../core/payments/fees/PaymentRecords';
import { PaymentGatewayClient } from '../../core/payments/qr/PaymentGatewayClient';
import { QrOrderStore, type LocalOrderState } from '../../core/payments/qr/QrOrderStore';
import { QrReconciler } from '../../core/payments/qr/QrReconciler';
import { QrSettlement } from '../../core/payments/qr/qrSettlement';
import { PlatformClient } from '../../core/sync/PlatformClient';
import { openSyncStack } from '../../core/sync/openSyncStack';
import { parseCommandArgs } from '../args';
import { println, type CliCommand, type CliContext } from '../command';

const ALL_STATES: readonly LocalOrderState[] = ['creating', 'created', 'paying', 'userPaying', 'paid', 'failed', 'expired', 'reversed', 'closed', 'unknown'];

function cliLogger(ctx: CliContext) {
  return createLogger({ logDir: path.join(ctx.dataDir, 'logs') });
}

const orders: CliCommand = {
  path: ['pay', 'orders'],
  summary: 'QR orders (state, amount, claim) and payment records of this kiosk.',
  usage: '[--state STATE] [--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, state: { type: 'string' } });
    if (!parsed.ok) return usageError(ctx, parsed.error);
    const state = parsed.value.values.state as LocalOrderState | undefined;
    if (state !== undefined && !ALL_STATES.includes(state)) return usageError(ctx, `--state must be one of ${ALL_STATES.join(', ')}`);
    const opened = openSyncStack({ dataDir: ctx.dataDir, log: cliLogger(ctx) });
    if (!opened.ok) {
      println(ctx.stderr, `budayang pay orders: ${opened.error}`);
      return 1;
    }
    try {
      const list = new QrOrderStore(opened.value.db).inStates(state ? [state] : ALL_STATES);
      const records = opened.value.db.prepare('SELECT payment_id AS paymentId, payable_key AS payable, method, amount_fen AS amountFen, paid_at AS paidAt FROM payment_records ORDER BY paid_at').all();
      if (parsed.value.values.json) {
        println(ctx.stdout, JSON.stringify({ orders: list, records }));
        return 0;
      }
      for (const o of list) {
        const payable = o.payable.kind === 'case' ? `case ${o.payable.caseNumber}` : `notice ${o.payable.noticeNumber}`;
        println(ctx.stdout, `${o.orderId}  ${o.state.padEnd(10)} ${o.mode.padEnd(13)} ${(o.amountFen / 100).toFixed(2).padStart(9)}  ${payable}${o.claimId ? `  claim ${o.claimId}` : ''}`);
      }
      println(ctx.stdout, `${list.length} order(s), ${records.length} payment record(s)`);
      return 0;
    } finally {
      opened.value.close();
    }
  },
};

const reconcile: CliCommand = {
  path: ['pay', 'reconcile'],
  summary: 'Settles QR orders whose outcome is unknown with the platform (paid → record; open → closed/reversed).',
  usage: '[--json]',
  async run(args, ctx) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return usageError(ctx, parsed.error);
    const log = cliLogger(ctx);
    const opened = openSyncStack({ dataDir: ctx.dataDir, log });
    if (!opened.ok) {
      println(ctx.stderr, `budayang pay reconcile: ${opened.error}`);
      return 1;
    }
    const { db, outbox, identity } = opened.value;
    try {
      if (!identity.registration()) {
        println(ctx.stderr, 'budayang pay reconcile: this kiosk is not provisioned; run `budayang provision --platform URL --code CODE`');
        return 1;
      }
      const client = new PlatformClient({ identity });
      const store = new QrOrderStore(db);
      const settlement = new QrSettlement({
        orders: store,
        records: new PaymentRecords(db, outbox),
        receipts: { printing: undefined, hallName: '', kioskCode: '', verifyBaseUrl: 'https://kiosk.invalid' },
        log: log.child('qr'),
        alert: (code, detail) => log.error('pay.alert', { code, detail }),
      });
      const reconciler = new QrReconciler({ gateway: new PaymentGatewayClient(client), orders: store, settlement, log: log.child('reconcile'), isBusy: () => false });
      // We hold the data directory's lock: no core is running, so mid-flow orders were interrupted.
      const interrupted = reconciler.markInterrupted();
      const report = await reconciler.reconcileNow();
      if (parsed.value.values.json) println(ctx.stdout, JSON.stringify({ interrupted, ...report }));
      else {
        for (const r of report.resolved) println(ctx.stdout, `${r.orderId} → ${r.state}`);
        println(ctx.stdout, `${report.resolved.length} settled, ${report.pending} still unknown${interrupted > 0 ? `, ${interrupted} interrupted order(s) marked unknown first` : ''}`);
        if (report.pending > 0) println(ctx.stdout, 'the platform did not answer for the rest; run again when it is reachable');
      }
      return report.pending === 0 ? 0 : 1;
    } finally {
      opened.value.close();
    }
  },
};

function usageError(ctx: CliContext, message: string): number {
  println(ctx.stderr, `budayang pay: ${message}`);
  return 2;
}

export const payCommands: readonly CliCommand[] = [orders, reconcile];
