// The cash domain's service: one bill acceptor, the cash journal, the boot reconciler, and at most
// one cash-in at a time. Used by the core module (API) and by the CLI (in-process, one device).
import path from 'node:path';
import type { DeviceStatus } from '../../../src-common/domain/device';
import { fen } from '../../../src-common/domain/money';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { Disposable } from '../../../src-common/event';
import type { BillAcceptorDevice } from '../devices/BillAcceptorDevice';
import type { SspSimulator } from '../../../drivers/billAcceptor/ssp/SspSimulator';
import type { CashInPurpose, CashJournal } from './cashJournal';
import { CashInTransaction, type CashCheckpoint, type CashInListener, type CashInOutcome, type CashInRefusal } from './CashInTransaction';
import { loggingAlerts, loggingClaimPrinter, loggingOutbox, type AlertSink, type ClaimReceiptPrinter, type OutboxWriter } from './claims';
import type { CashSettler, ClaimDeps } from './closeCashIn';
import { reconcileCashIns, type ReconcileReport } from './reconcileCashIns';
import { serviceId } from '../composition/serviceId';

export const CASH_JOURNAL_FILE = 'cash-journal.db';
/** A cash-in ends as timedOut after this long unless the caller says otherwise. */
export const DEFAULT_CASH_IN_TIMEOUT_MS = 180_000;

export function cashJournalPath(dataDir: string): string {
  return path.join(dataDir, CASH_JOURNAL_FILE);
}

export interface CashServiceOptions {
  readonly deviceId: string;
  /** The acceptor under the device supervisor (its link, reconnects, status and leases). */
  readonly driver: BillAcceptorDevice;
  readonly journal: CashJournal;
  readonly log: Logger;
  /** Present when the acceptor is the in-process simulator (demo/test profiles only). */
  readonly simulator?: SspSimulator;
  readonly printer?: ClaimReceiptPrinter;
  readonly outbox?: OutboxWriter;
  readonly alerts?: AlertSink;
  readonly onStatus?: (status: Omit<DeviceStatus, 'since'>) => void;
  readonly onCheckpoint?: (point: CashCheckpoint) => void;
}

export class CashService {
  private active: CashInTransaction | undefined;
  /** The last reconcile pass; dropped when something may be left open (a failed close, a new settler). */
  private reconciled: Promise<ReconcileReport[]> | undefined;
  /** Passes run one after another: two at once could close one cash-in twice. */
  private passes: Promise<unknown> = Promise.resolve();
  private settler: CashSettler | undefined;
  private readonly claimDeps: ClaimDeps;
  private readonly statusSubscription: Disposable;

  constructor(private readonly options: CashServiceOptions) {
    this.claimDeps = {
      journal: options.journal,
      log: options.log,
      printer: options.printer ?? loggingClaimPrinter(options.log),
      outbox: options.outbox ?? loggingOutbox(options.log),
      alerts: options.alerts ?? loggingAlerts(options.log),
    };
    this.statusSubscription = options.driver.onStatus((s) =>
      options.onStatus?.({ deviceId: options.deviceId, deviceClass: 'billAcceptor', state: s.state, detail: s.detail, ...(s.reason ? { reason: s.reason } : {}) }),
    );
  }

  get deviceId(): string {
    return this.options.deviceId;
  }

  /** The acceptor under its supervisor (the technician's self-tests and 清机 lease it). */
  get device(): BillAcceptorDevice {
    return this.options.driver;
  }

  get simulator(): SspSimulator | undefined {
    return this.options.simulator;
  }

  get journal(): CashJournal {
    return this.options.journal;
  }

  get activeTransaction(): CashInTransaction | undefined {
    return this.active;
  }

  /** Starts the driver; the first time the acceptor answers, open cash-ins are reconciled. */
  async start(): Promise<void> {
    await this.options.driver.start();
  }

  /** Waits until the acceptor is connected (or the timeout passes). */
  async waitReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.options.driver.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return this.options.driver.isReady;
  }

  /**
   * Attaches what records a paid cash-in's purpose (the fees domain), writing to the journal's
   * database. Cash-ins the boot pass left open for want of it are closed now.
   */
  attachSettler(settler: CashSettler): Result<void, string> {
    if (settler.database !== this.options.journal.db) return err('the payment settler must write to the cash journal\'s database (one transaction for the money and its record)');
    this.settler = settler;
    if (this.reconciled) {
      this.reconciled = undefined;
      if (this.options.driver.isReady) void this.reconcile().catch((e: unknown) => this.options.log.error('cash.reconcile_failed', { error: e }));
    }
    return ok(undefined);
  }

  /**
   * Closes every interrupted cash-in against the connected acceptor (concurrent callers share a
   * pass). Runs at boot, again after a cash-in whose close could not be written, and when a
   * settler is attached; the cash-in running now is never touched.
   */
  reconcile(): Promise<ReconcileReport[]> {
    if (!this.reconciled) {
      // Settler and active cash-in are read when the pass starts, after any pass before it.
      const pass = this.passes.then(() =>
        reconcileCashIns(this.claimDeps, {
          readCounters: () => this.options.driver.getCounters(),
          settler: this.settler,
          ...(this.active ? { activeTxnId: this.active.txnId } : {}),
        }),
      );
      this.passes = pass.catch(() => undefined);
      this.reconciled = pass;
    }
    return this.reconciled;
  }

  /**
   * Starts a cash-in for `dueFen`. With a `purpose`, paying in full writes the purpose's payment
   * record in the same transaction as the cash-in's end (refused until a settler is attached).
   */
  async startCashIn(input: { dueFen: number; timeoutMs?: number; listener?: CashInListener; purpose?: CashInPurpose }): Promise<Result<CashInTransaction, CashInRefusal>> {
    if (this.active) return err({ kind: 'cashInRunning' });
    if (!this.options.driver.isReady) return err({ kind: 'acceptorUnavailable', deviceId: this.options.deviceId });
    // A full or missing cash box, a jam or a fraud alarm: the unit could not take a single note,
    // and the citizen would wait for the whole timeout (the capability gate shows the same reason).
    const status = this.options.driver.status;
    if (status.state !== 'online') return err({ kind: 'acceptorUnavailable', deviceId: this.options.deviceId, state: status.state, ...(status.reason ? { reason: status.reason } : {}) });
    if (input.purpose && !this.settler) return err({ kind: 'journalUnavailable', message: 'payment records are not available yet: cash for a payable is refused' });
    await this.reconcile();
    if (this.active) return err({ kind: 'cashInRunning' });
    if (!Number.isSafeInteger(input.dueFen) || input.dueFen <= 0) return err({ kind: 'invalidAmount', dueFen: input.dueFen });
    const started = await CashInTransaction.start({
      ...this.claimDeps,
      deviceId: this.options.deviceId,
      acceptor: this.options.driver,
      dueFen: fen(input.dueFen),
      timeoutMs: input.timeoutMs ?? DEFAULT_CASH_IN_TIMEOUT_MS,
      ...(input.listener ? { listener: input.listener } : {}),
      ...(this.options.onCheckpoint ? { onCheckpoint: this.options.onCheckpoint } : {}),
      ...(input.purpose && this.settler ? { purpose: input.purpose, settler: this.settler } : {}),
    });
    if (!started.ok) return started;
    const txn = started.value;
    this.active = txn;
    void txn.done.then((outcome) => {
      if (this.active === txn) this.active = undefined;
      // Left open by a failed close: the next cash-in (or the boot) closes it first.
      if (outcome.closeFailed !== undefined) this.reconciled = undefined;
    });
    return ok(txn);
  }

  async cancelActive(): Promise<CashInOutcome | undefined> {
    return this.active ? this.active.cancel() : undefined;
  }

  async stop(): Promise<void> {
    await this.active?.cancel();
    this.statusSubscription.dispose();
    await this.options.driver.stop();
  }
}

/** The bill acceptor's cash service (cash module); undefined when this kiosk has no bill acceptor. */
export const CashServiceId = serviceId<CashService | undefined>('cash');
/**
 * The hash-chained journal of this kiosk, also without a bill acceptor: the technician audit is
 * appended to it (docs/technicians.md). Undefined only without the kiosk database.
 */
export const CashJournalId = serviceId<CashJournal | undefined>('cashJournal');
