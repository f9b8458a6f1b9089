// The payments (cash) domain of the core: builds the configured SSP bill acceptor (real serial
// port, or the in-process simulator in demo/simulated modes), the journal in the kiosk database,
// the claim receipt printer and the boot reconciler; serves Cash.* and Simulator.InsertNote (cashApi.ts).
import { fen } from '../../../src-common/domain/money';
import { ok } from '../../../src-common/result';
import { AlertServiceId } from '../alerts/AlertService';
import { defineModule, type ModuleContext } from '../composition/CoreModule';
import type { PrintService } from '../printing/PrintService';
import { PrintServiceId } from '../printing/PrintService';
import { refundClaimReceipt } from '../printing/receipts/receiptTemplates';
import { KioskDatabaseId, OutboxId } from '../storage/storageServices';
import { serialBillAcceptor, simulatedBillAcceptor } from './billAcceptorLinks';
import { registerCashApi, registerCashCollectionApi } from './cashApi';
import { CashCollection } from './cashCollection';
import { CashJournal } from './cashJournal';
import { outboxJournalReplicator } from './journalReplication';
import { cashJournalPath, CashJournalId, CashService, CashServiceId } from './CashService';
import { CLAIM_HOTLINE, outboxWriterFor, type ClaimReceiptPrinter } from './claims';
import { newUlid } from '../ids/ulids';
import { BOOT_RECEIPT_WAIT_MS } from './fees/cashPaymentSettler';
import { receiptPrinterReady } from './receiptPrinterReady';

/**
 * Demo/test tuning of a simulated acceptor from its transport options: `pollIntervalMs` (≥ 10;
 * the real unit is polled every 200 ms) and `stackerCapacity` (notes before STACKER FULL) — the
 * soak's thousands of cash-ins poll faster and stand for a cash box emptied in time.
 */
function simulatorTuning(options: Readonly<Record<string, unknown>>): { pollIntervalMs?: number; simulator?: { stackerCapacity: number } } {
  const whole = (value: unknown, min: number) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : undefined);
  const pollIntervalMs = whole(options.pollIntervalMs, 10);
  const stackerCapacity = whole(options.stackerCapacity, 1);
  return { ...(pollIntervalMs ? { pollIntervalMs } : {}), ...(stackerCapacity ? { simulator: { stackerCapacity } } : {}) };
}

export const cashModule = defineModule({
  name: 'payments.cash',
  requires: { alerts: AlertServiceId },
  optional: { db: KioskDatabaseId, outbox: OutboxId, printing: PrintServiceId },
  provides: { cash: CashServiceId, journal: CashJournalId },
  async start(ctx, { alerts, db, outbox, printing }) {
    const log = ctx.log.child('cash');
    const device = ctx.config.devices.find((d) => d.class === 'billAcceptor' && d.enabled);
    if (!device) {
      log.info('cash.no_acceptor_configured');
      registerCashApi(ctx, undefined);
      registerCashCollectionApi(ctx, undefined);
      // No money here, but the technician audit still goes in a hash chain the platform replicates.
      const auditJournal = db ? CashJournal.fromDatabase(db, outbox ? { replicate: outboxJournalReplicator(outbox, db) } : {}) : undefined;
      return { cash: undefined, journal: auditJournal?.ok ? auditJournal.value : undefined };
    }
    if (device.driver !== 'ssp') throw new Error(`bill acceptor driver "${device.driver}" is not supported (only ssp)`);
    // Without the storage module (CLI tools, some tests) the journal keeps its own database file.
    // In the kiosk database each entry is queued for the platform in its own transaction (issue #12.4).
    const journal = db ? CashJournal.fromDatabase(db, outbox ? { replicate: outboxJournalReplicator(outbox, db) } : {}) : CashJournal.openStandalone(cashJournalPath(ctx.dataDir));
    if (!journal.ok) throw new Error(journal.error.message);
    // Under the device supervisor like every device: it writes the status board and honours leases.
    const linkOptions = { deviceId: device.id, log, encrypted: ctx.config.cash.encrypted, acceptYuan: ctx.config.cash.acceptYuan, statuses: ctx.deviceStatuses, citizenSession: () => ctx.sessions.active?.info.sessionId };
    let built;
    switch (device.transport.kind) {
      case 'simulator':
        if (ctx.config.mode === 'production') throw new Error(`${device.id} is a simulator, refused in production mode`);
        built = simulatedBillAcceptor({ ...linkOptions, ...simulatorTuning(device.transport.options) });
        break;
      case 'serial':
        built = { device: serialBillAcceptor(device.transport.path, linkOptions), simulator: undefined };
        break;
      default:
        throw new Error(`${device.id} transport "${device.transport.kind}" is not supported for SSP (use serial or simulator)`);
    }
    const printer = printing ? claimReceiptPrinter(ctx, printing) : undefined;
    const cash = new CashService({
      deviceId: device.id,
      driver: built.device,
      journal: journal.value,
      log,
      ...(built.simulator ? { simulator: built.simulator } : {}),
      ...(outbox && db ? { outbox: outboxWriterFor(outbox, db) } : {}),
      // Each money alert gets its own subject: one must never be swallowed as a repeat of an
      // earlier, still active one.
      alerts: { raise: (a) => alerts.raise('deviceNeedsAttention', `cash:${device.id}:${a.code}:${newUlid()}`, { cashAlert: a.code, severity: a.severity, detail: a.detail }) },
      ...(printer ? { printer } : {}),
    });
    await cash.start();
    // Reconcile as soon as the acceptor answers (boot), in the background so the core starts.
    void cash.waitReady(60_000).then((ready) => (ready ? cash.reconcile() : undefined)).catch((e: unknown) => log.error('cash.reconcile_failed', { error: e }));
    ctx.onStop(async () => {
      await cash.stop();
      if (!db) journal.value.close();
    });
    ctx.sessions.onWipe(() => void cash.cancelActive());
    registerCashApi(ctx, cash);
    registerCashCollectionApi(ctx, {
      cash,
      collection: new CashCollection({
        journal: journal.value,
        deviceId: device.id,
        kioskCode: ctx.config.kiosk.code,
        log,
        readStackedCounter: async (lease) => {
          const counters = await cash.device.supervisor.run({ evenIfFaulted: true, ...(lease ? { lease } : {}) }, async (driver) => ok(await driver.getCounters()));
          return counters.ok && counters.value.ok && counters.value.value ? counters.value.value.stacked : null;
        },
        ...(outbox && db ? { outbox: outboxWriterFor(outbox, db) } : {}),
        ...(printing ? { printing } : {}),
      }),
    });
    return { cash, journal: db ? journal.value : undefined };
  },
});

/** Prints the refund claim receipt (退款凭条) a citizen takes to the counter. */
function claimReceiptPrinter(ctx: ModuleContext, printing: PrintService): ClaimReceiptPrinter {
  const log = ctx.log.child('cash');
  return {
    async printClaimReceipt(claim) {
      // A claim filed at boot may come before the receipt printer has connected.
      await receiptPrinterReady(ctx.deviceStatuses, BOOT_RECEIPT_WAIT_MS);
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
        { jobId: `cashClaim:${claim.claimId}` },
      );
      log.info('cash.claim_receipt', { claimId: claim.claimId, state: job.state });
    },
  };
}
