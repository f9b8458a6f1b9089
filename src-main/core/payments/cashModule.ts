// The payments (cash) core module: builds the configured SSP bill acceptor (real serial port, or
// the in-process simulator in demo/simulated modes), the journal in the kiosk database, the boot
// reconciler, and the Cash.* and Simulator.InsertNote API methods.
import { noteTooLargeMessage, type CashInResult } from '../../../src-common/api/payments';
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreModule } from '../CoreContext';
import { serialBillAcceptor, simulatedBillAcceptor } from './billAcceptorLinks';
import { CashJournal } from './cashJournal';
import { CashService, cashJournalPath } from './CashService';
import { outboxJournalReplicator } from './journalReplication';
import type { CashInOutcome } from './CashInTransaction';
import { CASH_PROBLEM_MESSAGES } from './cashProblemMessages';
import { loggingAlerts, outboxWriterFor, type AlertSink, type ClaimReceiptPrinter } from './claims';
import { refundClaimReceipt } from '../printing/receipts/receiptTemplates';
import { fen } from '../../../src-common/domain/money';

/** Printed on claim receipts: the national government service hotline. */
export const CLAIM_HOTLINE = '12345';


export function toCashInResult(outcome: CashInOutcome): CashInResult {
  return {
    txnId: outcome.txnId,
    status: outcome.status,
    dueFen: outcome.dueFen,
    paidFen: outcome.paidFen,
    notes: outcome.notes.map((n) => ({ valueFen: n.valueFen })),
    rejected: outcome.rejected.map((n) => ({ valueFen: n.valueFen })),
    ...(outcome.claim ? { claim: { claimId: outcome.claim.claimId, kind: outcome.claim.kind, amountFen: outcome.claim.amountFen } } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}

export const cashModule: CoreModule = {
  name: 'payments.cash',
  async start(ctx) {
    const log = ctx.log.child('cash');
    const device = ctx.config.devices.find((d) => d.class === 'billAcceptor' && d.enabled);
    let service: CashService | undefined;
    ctx.router.register('Simulator.InsertNote', async (input) => {
      if (ctx.config.mode === 'production') return err(apiError('unsupportedCommand', 'simulators are refused in production mode'));
      const simulator = service?.simulator;
      if (!simulator || (input.deviceId && input.deviceId !== service?.deviceId)) return err(apiError('deviceNotReady', 'no simulated bill acceptor is configured'));
      simulator.insert(input.valueFen);
      return ok({ queued: true });
    });
    if (!device) {
      log.info('cash.no_acceptor_configured');
      return;
    }
    if (device.driver !== 'ssp') throw new Error(`payments: bill acceptor driver "${device.driver}" is not supported (only ssp)`);
    const db = ctx.services.db;
    // In the kiosk database each entry is queued for the platform in its own transaction (issue #12.4).
    const outbox = ctx.services.outbox;
    const journal = db ? CashJournal.fromDatabase(db, outbox ? { replicate: outboxJournalReplicator(outbox, db) } : {}) : CashJournal.openStandalone(cashJournalPath(ctx.dataDir));
    if (!journal.ok) throw new Error(`payments: ${journal.error.message}`);
    // Under the device supervisor like every device: it writes the status board and honours leases.
    const linkOptions = { deviceId: device.id, log, encrypted: ctx.config.cash.encrypted, acceptYuan: ctx.config.cash.acceptYuan, statuses: ctx.deviceStatuses, isCitizenTransactionActive: () => ctx.sessions.active !== undefined };
    let built;
    switch (device.transport.kind) {
      case 'simulator':
        if (ctx.config.mode === 'production') throw new Error(`payments: ${device.id} is a simulator, refused in production mode`);
        built = simulatedBillAcceptor(linkOptions);
        break;
      case 'serial':
        built = { device: serialBillAcceptor(device.transport.path, linkOptions), simulator: undefined };
        break;
      default:
        throw new Error(`payments: ${device.id} transport "${device.transport.kind}" is not supported for SSP (use serial or simulator)`);
    }
    // The alert service starts after this module (sync), so it is looked up when an alert is raised.
    const fallbackAlerts = loggingAlerts(log);
    const alertSink: AlertSink = {
      raise: (a) => {
        const alerts = ctx.services.alerts;
        if (alerts) alerts.raise('deviceNeedsAttention', `cash:${device.id}`, { cashAlert: a.code, severity: a.severity, detail: a.detail });
        else fallbackAlerts.raise(a);
      },
    };
    const printing = ctx.services.printing;
    const printer: ClaimReceiptPrinter | undefined = printing
      ? {
          async printClaimReceipt(claim) {
            const job = await printing.printReceipt(
              refundClaimReceipt({
                hallName: ctx.config.kiosk.hallName.zh,
                kioskCode: ctx.config.kiosk.code,
                claimId: claim.claimId,
                amountDue: fen(claim.dueFen),
                amountInserted: fen(claim.amountFen),
                reason: claim.kind === 'unknown' ? '设备异常，投入金额待核实' : '交易未完成',
                occurredAt: claim.createdAt,
                hotline: CLAIM_HOTLINE,
                claimUrl: `${ctx.config.sync.platformUrl ?? 'https://kiosk.invalid'}/claims/${claim.claimId}`,
              }),
            );
            log.info('cash.claim_receipt', { claimId: claim.claimId, state: job.state });
          },
        }
      : undefined;
    const cash = new CashService({
      deviceId: device.id,
      driver: built.device,
      journal: journal.value,
      log,
      ...(built.simulator ? { simulator: built.simulator } : {}),
      ...(ctx.services.outbox && db ? { outbox: outboxWriterFor(ctx.services.outbox, db) } : {}),
      alerts: alertSink,
      ...(printer ? { printer } : {}),
    });
    service = cash;
    ctx.services.cash = cash;
    await cash.start();
    // Reconcile as soon as the acceptor answers (boot), in the background so the core starts.
    void cash.waitReady(60_000).then((ready) => (ready ? cash.reconcile() : undefined)).catch((e: unknown) => log.error('cash.reconcile_failed', { error: e }));
    ctx.onShutdown(async () => {
      await cash.stop();
      if (!db) journal.value.close();
    });
    ctx.sessions.onWipe(() => void cash.cancelActive());

    ctx.router.register('Cash.Start', async (input, c) => {
      const started = await cash.startCashIn({
        dueFen: input.dueFen,
        timeoutMs: (input.timeoutSeconds ?? ctx.config.cash.timeoutSeconds) * 1000,
        listener: {
          onEscrowed: (n) => c.emit('noteEscrowed', n),
          onStacked: (n) => c.emit('noteStacked', n),
          onRejected: (n) => c.emit('noteRejected', { ...n, message: noteTooLargeMessage(n.maxAcceptableFen) }),
          onDeviceProblem: (p) => c.emit('deviceProblem', { ...p, message: CASH_PROBLEM_MESSAGES[p.problem] }),
        },
      });
      if (!started.ok) return err(apiError(started.error.includes('another') ? 'sequenceError' : 'deviceNotReady', started.error));
      const txn = started.value;
      const onAbort = () => void txn.cancel();
      c.signal.addEventListener('abort', onAbort, { once: true });
      const outcome = await txn.done;
      c.signal.removeEventListener('abort', onAbort);
      return ok(toCashInResult(outcome));
    });
    ctx.router.register('Cash.Cancel', async () => {
      const outcome = await cash.cancelActive();
      return ok({ canceled: outcome !== undefined });
    });
  },
};

