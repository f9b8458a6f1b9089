// 清机, the cash-box collection (docs/technicians.md, after XFS4IoT's cash unit exchange): the notes
// stacked since the last collection, from the journal, beside the acceptor's counter; the
// technician's physical count and its differences; one `cashCollected` journal entry and its
// `cash.collected` outbox event in one transaction (the period closes with that entry's hash);
// then two copies of the report. Idempotent by collection id, so a crash at any step resumes by
// running the same collection again: before the commit nothing happened; after it, the entry is
// found and only the copies not yet printed are printed.
import type { CollectionPreview, CollectionReport, DenominationCount } from '../../../src-common/api/technician';
import { fen, type Fen } from '../../../src-common/domain/money';
import { CASH_COLLECTED_KIND } from '../../../src-common/wire/paymentsWire';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { DeviceLease } from '../devices/DeviceSupervisor';
import type { PrintService } from '../printing/PrintService';
import { cashCollectionReport } from '../printing/receipts/receiptTemplates';
import type { CashCollectedBody, CashJournal, DenominationTally, JournalEntry } from './cashJournal';
import type { OutboxWriter } from './claims';

const COPIES = ['kiosk', 'office'] as const;

export type CollectionRefusal =
  /** The journal (or the outbox beside it) refused the write: nothing was recorded. */
  { readonly kind: 'journalUnavailable'; readonly message: string };

export interface CashCollectionOptions {
  readonly journal: CashJournal;
  readonly deviceId: string;
  readonly kioskCode: string;
  readonly log: Logger;
  /** The acceptor's stacked counter (null: unreadable); `lease` when the caller holds the acceptor's. */
  readonly readStackedCounter: (lease?: DeviceLease) => Promise<number | null>;
  readonly outbox?: OutboxWriter;
  readonly printing?: PrintService;
}

/** The notes of the open period, replayed from the journal (pure over its entries). */
export function openPeriod(entries: readonly JournalEntry[]): { periodStartSeq: number; periodStartAt: string | null; lastCounter: number | null; tallies: DenominationTally[]; totalFen: Fen; firstCounterInPeriod: number | null } {
  let start = 0;
  let startAt: string | null = null;
  let lastCounter: number | null = null;
  for (const e of entries) {
    if (e.body.kind === 'cashCollected') {
      start = e.seq;
      startAt = e.at;
      lastCounter = e.body.acceptorStackedCounter;
    }
  }
  const counts = new Map<number, number>();
  let firstCounterInPeriod: number | null = null;
  for (const e of entries) {
    if (e.seq <= start) continue;
    if (e.body.kind === 'noteStacked') counts.set(e.body.valueFen, (counts.get(e.body.valueFen) ?? 0) + 1);
    if (e.body.kind === 'txnStarted' && firstCounterInPeriod === null) firstCounterInPeriod = e.body.stackedCounterAtStart;
  }
  const tallies = [...counts.entries()].sort(([a], [b]) => b - a).map(([denominationFen, count]) => ({ denominationFen: fen(denominationFen), count }));
  return { periodStartSeq: start, periodStartAt: startAt, lastCounter, tallies, totalFen: fen(tallies.reduce((sum, t) => sum + t.denominationFen * t.count, 0)), firstCounterInPeriod };
}

export class CashCollection {
  constructor(private readonly options: CashCollectionOptions) {}

  async preview(lease?: DeviceLease): Promise<CollectionPreview> {
    const period = openPeriod(this.options.journal.entries());
    const counter = await this.options.readStackedCounter(lease);
    const base = period.lastCounter ?? period.firstCounterInPeriod;
    return {
      deviceId: this.options.deviceId,
      periodStartSeq: period.periodStartSeq,
      periodStartAt: period.periodStartAt,
      journal: period.tallies,
      journalTotalFen: period.totalFen,
      acceptorStackedCounter: counter,
      acceptorNotesInPeriod: counter !== null && base !== null ? counter - base : null,
    };
  }

  /** Records the collection (once per id) and prints the copies not printed yet. */
  async collect(input: { readonly collectionId: string; readonly technician: string; readonly physical: readonly DenominationCount[] }, lease?: DeviceLease): Promise<Result<CollectionReport, CollectionRefusal>> {
    const { journal, log } = this.options;
    let entry = journal.entries(input.collectionId).find((e) => e.body.kind === 'cashCollected');
    if (entry) {
      log.info('cash.collection_resumed', { collectionId: input.collectionId, seq: entry.seq });
    } else {
      const preview = await this.preview(lease);
      const physical = mergeCounts(input.physical);
      const physicalTotalFen = fen(physical.reduce((sum, t) => sum + t.denominationFen * t.count, 0));
      const body: CashCollectedBody = {
        kind: 'cashCollected',
        deviceId: this.options.deviceId,
        technician: input.technician,
        periodStartSeq: preview.periodStartSeq,
        journal: preview.journal,
        journalTotalFen: preview.journalTotalFen,
        physical,
        physicalTotalFen,
        differenceFen: physicalTotalFen - preview.journalTotalFen,
        acceptorStackedCounter: preview.acceptorStackedCounter,
        acceptorNotesInPeriod: preview.acceptorNotesInPeriod,
      };
      const written = this.record(input.collectionId, body);
      if (!written.ok) return written;
      entry = written.value;
      log.info('cash.collected', { collectionId: input.collectionId, seq: entry.seq, journalTotalFen: body.journalTotalFen, physicalTotalFen, differenceFen: body.differenceFen });
    }
    const body = entry.body as CashCollectedBody;
    const copies = [];
    for (const copy of COPIES) copies.push({ copy, state: await this.printCopy(input.collectionId, entry, copy) });
    return ok(reportOf(input.collectionId, entry, body, copies));
  }

  /** The entry and its outbox event in one transaction: both or neither survive a crash. */
  private record(collectionId: string, body: CashCollectedBody): Result<JournalEntry, CollectionRefusal> {
    const { journal, outbox } = this.options;
    try {
      const entry = journal.db.transaction(() => {
        const appended = journal.append(collectionId, body);
        if (!appended.ok) throw appended.error;
        outbox?.enqueue({
          kind: CASH_COLLECTED_KIND,
          streamKey: `cash:${this.options.deviceId}`,
          payload: {
            collectionId,
            deviceId: body.deviceId,
            technician: body.technician,
            collectedAt: appended.value.at,
            periodStartSeq: body.periodStartSeq,
            closingSeq: appended.value.seq,
            closingHash: appended.value.hash,
            journal: body.journal,
            journalTotalFen: body.journalTotalFen,
            physical: body.physical,
            physicalTotalFen: body.physicalTotalFen,
            differenceFen: body.differenceFen,
            acceptorNotesInPeriod: body.acceptorNotesInPeriod,
          },
        });
        return appended.value;
      })();
      return ok(entry);
    } catch (e) {
      journal.resync();
      return err({ kind: 'journalUnavailable', message: (e as Error).message });
    }
  }

  private async printCopy(collectionId: string, entry: JournalEntry, copy: (typeof COPIES)[number]): Promise<string> {
    const printing = this.options.printing;
    if (!printing) return 'noPrinter';
    const jobId = `cashCollection:${collectionId}:${copy}`;
    const earlier = printing.job(jobId);
    if (earlier && earlier.state !== 'failed') return earlier.state;
    const body = entry.body as CashCollectedBody;
    const record = await printing.printReceipt(
      cashCollectionReport({
        kioskCode: this.options.kioskCode,
        reportId: collectionId,
        periodStart: body.periodStartSeq === 0 ? entry.at : (this.options.journal.entries().find((e) => e.seq === body.periodStartSeq)?.at ?? entry.at),
        collectedAt: entry.at,
        operatorId: body.technician,
        notes: body.physical.map((t) => ({ denomination: t.denominationFen, count: t.count })),
        journalTotal: body.journalTotalFen,
        journalNotes: body.journal.map((t) => ({ denomination: t.denominationFen, count: t.count })),
        acceptorNotes: body.acceptorNotesInPeriod,
        closingHash: entry.hash,
        copy: copy === 'kiosk' ? '存根联' : '交款联',
      }),
      { jobId },
    );
    return record.state;
  }
}

function mergeCounts(rows: readonly DenominationCount[]): DenominationTally[] {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.denominationFen, (counts.get(r.denominationFen) ?? 0) + r.count);
  return [...counts.entries()].filter(([, c]) => c > 0).sort(([a], [b]) => b - a).map(([d, c]) => ({ denominationFen: fen(d), count: c }));
}

function reportOf(collectionId: string, entry: JournalEntry, body: CashCollectedBody, copies: CollectionReport['copies']): CollectionReport {
  const journalBy = new Map(body.journal.map((t) => [t.denominationFen as number, t.count]));
  const physicalBy = new Map(body.physical.map((t) => [t.denominationFen as number, t.count]));
  const denominations = [...new Set([...journalBy.keys(), ...physicalBy.keys()])].sort((a, b) => b - a);
  return {
    collectionId,
    collectedAt: entry.at,
    technician: body.technician,
    deviceId: body.deviceId,
    periodStartSeq: body.periodStartSeq,
    periodStartAt: null,
    journal: [...body.journal],
    journalTotalFen: body.journalTotalFen,
    acceptorStackedCounter: body.acceptorStackedCounter,
    acceptorNotesInPeriod: body.acceptorNotesInPeriod,
    physical: [...body.physical],
    physicalTotalFen: body.physicalTotalFen,
    differences: denominations.map((d) => ({ denominationFen: fen(d), difference: (physicalBy.get(d) ?? 0) - (journalBy.get(d) ?? 0) })).filter((r) => r.difference !== 0),
    differenceFen: body.differenceFen,
    closingHash: entry.hash,
    closingSeq: entry.seq,
    copies,
  };
}
