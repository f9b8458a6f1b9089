// One cash-in (design.md §5, after XFS4IoT): start(limits) → notes → end | rollback. A note in
// escrow is accepted only if it does not exceed what is still due, and only after a write-ahead
// journal entry; each credited note is journaled (synchronous=FULL) before anyone is told. Any
// journal failure stops acceptance at once. Money stacked but not paid for becomes a claim.
import type { Disposable, Event } from '../../../src-common/event';
import type { Logger } from '../../../src-common/logging';
import { fen, type Fen } from '../../../src-common/domain/money';
import { err, ok, type Result } from '../../../src-common/result';
import type { BillAcceptorEvent, DeviceCounters, EscrowDecider } from '../../../drivers/billAcceptor/ssp/BillAcceptorDriver';
import { newUlid } from '../ids/ulids';
import type { CashInEndStatus, CashInPurpose } from './cashJournal';
import type { CashClaim } from './claims';
import { closeCashIn, type CashSettlement, type CashSettler, type ClaimDeps, type CloseRequest } from './closeCashIn';

/** After cancel, how long a note already accepted may take to reach the credit point. */
export const STACK_SETTLE_MS = 6000;

/** The acceptor as the transaction sees it (BillAcceptorDevice implements it). */
export interface CashAcceptor {
  readonly isReady: boolean;
  enable(): Promise<boolean>;
  disable(): Promise<boolean>;
  getCounters(): Promise<Result<DeviceCounters | undefined, string>>;
  setEscrowDecider(decider: EscrowDecider | undefined): void;
  readonly onEvent: Event<BillAcceptorEvent>;
}

/** Test and fault-injection hooks at the moments where a crash matters most. */
export type CashCheckpoint = 'afterEscrow' | 'afterStackBeforeJournal' | 'afterJournalBeforeUi';

export interface CashInListener {
  onEscrowed?(note: { valueFen: Fen }): void;
  onStacked?(note: { valueFen: Fen; paidFen: Fen; remainingFen: Fen }): void;
  onRejected?(note: { valueFen: Fen; maxAcceptableFen: Fen }): void;
  onDeviceProblem?(problem: { problem: DeviceProblem; detail: string }): void;
}

export type DeviceProblem = 'disconnected' | 'jam' | 'stackerFull' | 'cashboxRemoved' | 'fraudAttempt' | 'disabled' | 'journalWriteFailed';

export interface CashInOutcome {
  readonly txnId: string;
  readonly status: CashInEndStatus;
  readonly dueFen: Fen;
  readonly paidFen: Fen;
  readonly notes: ReadonlyArray<{ valueFen: Fen }>;
  readonly rejected: ReadonlyArray<{ valueFen: Fen }>;
  readonly claim?: CashClaim;
  /** For a paid cash-in with a purpose: its payment record (or the refund owed instead). */
  readonly settlement?: CashSettlement;
  /**
   * The closing transaction failed (storage): nothing of the end is journaled, the cash-in stays
   * open and the reconciler closes it (record or claim) before the next cash-in or at boot.
   */
  readonly closeFailed?: string;
  /** Technician-facing cause when failed. */
  readonly reason?: string;
}

/** Why a cash-in did not start; nothing was accepted in any of these. */
export type CashInRefusal =
  /** Another cash-in is in progress (one at a time). */
  | { readonly kind: 'cashInRunning' }
  /** The bill acceptor is not connected, not answering, or cannot take notes (`state`: cash box full or removed, jam, fraud). */
  | { readonly kind: 'acceptorUnavailable'; readonly deviceId: string; readonly state?: string; readonly reason?: string }
  /** The amount due is not a positive whole number of fen. */
  | { readonly kind: 'invalidAmount'; readonly dueFen: number }
  /** The cash journal refused the start entry: no cash is taken that cannot be journaled. */
  | { readonly kind: 'journalUnavailable'; readonly message: string };

export function describeCashInRefusal(refusal: CashInRefusal): string {
  switch (refusal.kind) {
    case 'cashInRunning':
      return 'another cash-in is in progress';
    case 'acceptorUnavailable':
      return refusal.state
        ? `bill acceptor ${refusal.deviceId} cannot take notes: ${refusal.state}${refusal.reason ? ` (${refusal.reason})` : ''}`
        : `bill acceptor ${refusal.deviceId} is not connected`;
    case 'invalidAmount':
      return `due amount must be a positive number of fen, got ${refusal.dueFen}`;
    case 'journalUnavailable':
      return `the cash journal cannot be written: ${refusal.message}`;
  }
}

export interface CashInOptions extends ClaimDeps {
  readonly deviceId: string;
  readonly acceptor: CashAcceptor;
  readonly dueFen: Fen;
  /** The whole cash-in ends as timedOut after this long without paying in full. */
  readonly timeoutMs: number;
  readonly listener?: CashInListener;
  readonly onCheckpoint?: (point: CashCheckpoint) => void;
  /** What the money is for; journaled at the start. Needs `settler`, which records it when paid. */
  readonly purpose?: CashInPurpose;
  readonly settler?: CashSettler;
}

export class CashInTransaction {
  readonly txnId = newUlid();
  readonly done: Promise<CashInOutcome>;
  private resolveDone!: (o: CashInOutcome) => void;
  private paidFen: Fen = fen(0);
  private readonly notes: Array<{ valueFen: Fen }> = [];
  private readonly rejected: Array<{ valueFen: Fen }> = [];
  private pending: { valueFen: Fen; channel: number } | undefined;
  private pendingSettled: (() => void) | undefined;
  private ending = false;
  private stackedCounterAtStart: number | null = null;
  private readonly eventSubscription: Disposable;
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  private constructor(private readonly options: CashInOptions) {
    this.log = options.log;
    this.done = new Promise((r) => (this.resolveDone = r));
    this.eventSubscription = options.acceptor.onEvent((e) => this.onDeviceEvent(e));
  }

  /** Journals the start and enables the acceptor; refuses when the acceptor or journal cannot. */
  static async start(options: CashInOptions): Promise<Result<CashInTransaction, CashInRefusal>> {
    if (!Number.isSafeInteger(options.dueFen) || options.dueFen <= 0) return err({ kind: 'invalidAmount', dueFen: options.dueFen });
    if (!options.acceptor.isReady) return err({ kind: 'acceptorUnavailable', deviceId: options.deviceId });
    // Money for a purpose is only taken when its record can be written with the cash-in's end.
    if (options.purpose && options.settler?.database !== options.journal.db) return err({ kind: 'journalUnavailable', message: 'payment records cannot be written with the cash journal; cash for a payable is refused' });
    const txn = new CashInTransaction(options);
    const counters = await options.acceptor.getCounters();
    txn.stackedCounterAtStart = counters.ok && counters.value ? counters.value.stacked : null;
    const started = options.journal.append(txn.txnId, { kind: 'txnStarted', dueFen: options.dueFen, deviceId: options.deviceId, stackedCounterAtStart: txn.stackedCounterAtStart, ...(options.purpose ? { purpose: options.purpose } : {}) });
    if (!started.ok) {
      txn.eventSubscription.dispose();
      return err({ kind: 'journalUnavailable', message: started.error.message });
    }
    options.acceptor.setEscrowDecider((note) => txn.decide(note));
    if (!(await options.acceptor.enable())) {
      await txn.end('failed', 'ENABLE was refused or the acceptor went offline');
      return ok(txn);
    }
    txn.timer = setTimeout(() => void txn.end('timedOut'), options.timeoutMs);
    options.log.info('cash.started', { txnId: txn.txnId, dueFen: options.dueFen });
    return ok(txn);
  }

  get remainingFen(): Fen {
    return fen(this.options.dueFen - this.paidFen);
  }

  /** The citizen pressed cancel (or the session ended): stop, settle the note in flight, refund. */
  cancel(): Promise<CashInOutcome> {
    void this.end('canceled');
    return this.done;
  }

  private async decide(escrowed: { valueFen: number; channel: number }): Promise<'accept' | 'reject'> {
    if (this.ending) return 'reject';
    // The codec reports whole fen (channel value × 100); anything else is not a note to take.
    if (!Number.isSafeInteger(escrowed.valueFen) || escrowed.valueFen <= 0) return 'reject';
    const note = { valueFen: fen(escrowed.valueFen), channel: escrowed.channel };
    this.options.listener?.onEscrowed?.({ valueFen: note.valueFen });
    const maxAcceptableFen = this.remainingFen;
    if (note.valueFen > maxAcceptableFen) {
      this.rejected.push({ valueFen: note.valueFen });
      const written = this.options.journal.append(this.txnId, { kind: 'noteRejected', valueFen: note.valueFen, maxAcceptableFen });
      if (!written.ok) void this.failJournal(written.error.message);
      this.options.listener?.onRejected?.({ valueFen: note.valueFen, maxAcceptableFen });
      return 'reject';
    }
    this.options.onCheckpoint?.('afterEscrow');
    const intent = this.options.journal.append(this.txnId, { kind: 'noteAccepting', valueFen: note.valueFen, channel: note.channel });
    if (!intent.ok) {
      void this.failJournal(intent.error.message);
      return 'reject';
    }
    this.pending = note;
    return 'accept';
  }

  private onDeviceEvent(event: BillAcceptorEvent): void {
    switch (event.type) {
      case 'credit':
      case 'clearedIntoCashbox':
        this.credit(fen(event.valueFen), 'channel' in event ? event.channel : (this.pending?.channel ?? 0));
        break;
      case 'returned':
        if (this.pending) {
          const written = this.options.journal.append(this.txnId, { kind: 'noteReturned', valueFen: this.pending.valueFen });
          this.settlePending();
          if (!written.ok) void this.failJournal(written.error.message);
        }
        break;
      case 'jam':
        this.problem('jam', `note jam (${event.safe ? 'safe' : 'unsafe'})`, true);
        break;
      case 'stackerFull':
        this.problem('stackerFull', 'stacker full', true);
        break;
      case 'cashboxRemoved':
        this.problem('cashboxRemoved', 'cash box removed', true);
        break;
      case 'fraudAttempt':
        this.problem('fraudAttempt', 'fraud attempt reported by the validator', true);
        break;
      case 'disabled':
        this.problem('disabled', 'validator disabled itself', false);
        break;
      case 'disconnected':
        this.problem('disconnected', event.reason, false);
        break;
      case 'connected':
        void this.resumeAfterReconnect();
        break;
      case 'escrow':
      case 'cashboxReplaced':
        break;
      default:
        event satisfies never;
    }
  }

  private credit(valueFen: Fen, channel: number): void {
    if (this.ending && !this.pending) {
      // A note credited after the end (should not happen: the decider rejects once ending).
      this.log.error('cash.credit_after_end', { txnId: this.txnId, valueFen });
    }
    this.options.onCheckpoint?.('afterStackBeforeJournal');
    const paidFen = fen(this.paidFen + valueFen);
    const written = this.options.journal.append(this.txnId, { kind: 'noteStacked', valueFen, channel, paidFen, source: 'credit' });
    // The note is in the cash box whatever the journal says: count it in memory for the claim.
    this.paidFen = paidFen;
    this.notes.push({ valueFen });
    this.settlePending();
    if (!written.ok) {
      void this.failJournal(written.error.message);
      return;
    }
    this.options.onCheckpoint?.('afterJournalBeforeUi');
    this.options.listener?.onStacked?.({ valueFen, paidFen, remainingFen: this.remainingFen });
    if (this.remainingFen === 0) void this.end('paid');
  }

  private settlePending(): void {
    this.pending = undefined;
    const settled = this.pendingSettled;
    this.pendingSettled = undefined;
    settled?.();
  }

  private problem(problem: DeviceProblem, detail: string, stopsTransaction: boolean): void {
    this.options.listener?.onDeviceProblem?.({ problem, detail });
    if (stopsTransaction) void this.end('failed', detail);
  }

  private async failJournal(reason: string): Promise<void> {
    this.log.error('cash.journal_write_failed', { txnId: this.txnId, reason });
    this.options.listener?.onDeviceProblem?.({ problem: 'journalWriteFailed', detail: reason });
    await this.end('failed', `journal write failed: ${reason}`);
  }

  /** After an unplug: a note accepted before the link fell may have been stacked unseen. */
  private async resumeAfterReconnect(): Promise<void> {
    if (this.ending) return;
    if (this.pending && this.stackedCounterAtStart !== null) {
      const counters = await this.options.acceptor.getCounters();
      if (counters.ok && counters.value) {
        const unseen = counters.value.stacked - this.stackedCounterAtStart - this.notes.length;
        if (unseen === 1) {
          this.credit(this.pending.valueFen, this.pending.channel);
        } else if (unseen === 0) {
          this.options.journal.append(this.txnId, { kind: 'noteReturned', valueFen: this.pending.valueFen });
          this.settlePending();
        }
      }
    }
    if (!this.ending) await this.options.acceptor.enable();
  }

  /** Ends once: disable, settle a note already on its way, journal the end, file a claim if owed. */
  private async end(status: CashInEndStatus, reason?: string): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    if (this.timer) clearTimeout(this.timer);
    await this.options.acceptor.disable();
    if (this.pending) {
      // An accepted note is past recall: wait for its credit (or its return) before counting.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, STACK_SETTLE_MS);
        this.pendingSettled = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    this.options.acceptor.setEscrowDecider(undefined);
    this.eventSubscription.dispose();
    const finalStatus: CashInEndStatus = status !== 'paid' && this.remainingFen === 0 ? 'paid' : status;
    const closed = closeCashIn(this.options, this.closeRequest(finalStatus, reason));
    this.log.info('cash.ended', { txnId: this.txnId, status: finalStatus, paidFen: this.paidFen, dueFen: this.options.dueFen, closed: closed.ok });
    this.resolveDone({
      txnId: this.txnId,
      status: finalStatus,
      dueFen: this.options.dueFen,
      paidFen: this.paidFen,
      notes: [...this.notes],
      rejected: [...this.rejected],
      ...(closed.ok && closed.value.claim ? { claim: closed.value.claim } : {}),
      ...(closed.ok && closed.value.settlement ? { settlement: closed.value.settlement } : {}),
      ...(closed.ok ? {} : { closeFailed: closed.error.message }),
      ...(reason && finalStatus === 'failed' ? { reason } : {}),
    });
  }

  /** `txnEnded`, and what the end owes: the payment record when paid for a purpose, else a claim for money taken. */
  private closeRequest(finalStatus: CashInEndStatus, reason: string | undefined): CloseRequest {
    const { options } = this;
    const base = { txnId: this.txnId, deviceId: options.deviceId, dueFen: options.dueFen, paidFen: this.paidFen, entries: [{ kind: 'txnEnded', status: finalStatus, paidFen: this.paidFen } as const], byReconciler: false };
    if (finalStatus === 'paid') {
      return options.purpose && options.settler ? { ...base, settle: { purpose: options.purpose, settler: options.settler } } : base;
    }
    if (this.pending) {
      return { ...base, claim: { kind: 'unknown', reason: `cash-in ${finalStatus} with a ${this.pending.valueFen} fen note unaccounted (${reason ?? 'no reason'})` } };
    }
    if (this.paidFen > 0) return { ...base, claim: { kind: 'refund', reason: `cash-in ${finalStatus}${reason ? `: ${reason}` : ''}` } };
    return base;
  }
}
