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
import type { CashJournal } from './cashJournal';
import { CashInTransaction, type CashCheckpoint, type CashInListener, type CashInOutcome, type CashInRefusal } from './CashInTransaction';
import { loggingAlerts, loggingClaimPrinter, loggingOutbox, type AlertSink, type ClaimReceiptPrinter, type OutboxWriter } from './claims';
import type { ClaimDeps } from './fileClaim';
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
  private reconciled: Promise<ReconcileReport[]> | undefined;
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

  /** Runs the boot reconciler once per process, against the connected acceptor. */
  reconcile(): Promise<ReconcileReport[]> {
    this.reconciled ??= reconcileCashIns(this.claimDeps, () => this.options.driver.getCounters());
    return this.reconciled;
  }

  async startCashIn(input: { dueFen: number; timeoutMs?: number; listener?: CashInListener }): Promise<Result<CashInTransaction, CashInRefusal>> {
    if (this.active) return err({ kind: 'cashInRunning' });
    if (!this.options.driver.isReady) return err({ kind: 'acceptorUnavailable', deviceId: this.options.deviceId });
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
    });
    if (!started.ok) return started;
    const txn = started.value;
    this.active = txn;
    void txn.done.then(() => {
      if (this.active === txn) this.active = undefined;
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
