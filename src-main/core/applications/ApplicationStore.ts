// The applications table: case-number allocation and the application row, written inside the
// caller's transaction together with the outbox job; lookups by idempotency key, case number and
// session; the acknowledgement state read from the outbox job the row points at.
import type Database from 'better-sqlite3';
import type { ApplicationSyncState } from '../../../src-common/api/applications';
import { assertNever } from '../../../src-common/result';
import { formatCaseNumber } from './caseNumber';
import { fen, type Fen } from '../../../src-common/domain/money';

export type ReceiptOutcome = 'printed' | 'failed' | 'unknown' | 'notAttempted';

export interface ApplicationRow {
  readonly caseNumber: string;
  readonly kind: 'item' | 'bundle';
  readonly targetId: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly itemIds: readonly string[];
  readonly feeFen: Fen;
  readonly idempotencyKey: string;
  readonly sessionId: string;
  readonly outboxJobId: number;
  readonly submittedAt: string;
  readonly receipt: { readonly outcome: ReceiptOutcome; readonly reason?: string };
  readonly paidAt: string | null;
}

/** What a submit writes: the row's own fields, before the store adds the outbox job, receipt and payment. */
export interface NewApplication extends Omit<ApplicationRow, 'caseNumber' | 'outboxJobId' | 'receipt' | 'paidAt'> {
  readonly kioskCode: string;
  readonly day: string;
  readonly consentAt: string;
}

interface RawRow {
  case_number: string;
  kind: 'item' | 'bundle';
  target_id: string;
  name_zh: string;
  name_en: string;
  item_ids_json: string;
  fee_fen: number;
  idempotency_key: string;
  session_id: string;
  outbox_job_id: number;
  submitted_at: string;
  receipt_outcome: ReceiptOutcome;
  receipt_reason: string | null;
  paid_at: string | null;
}

/** The outbox job's state as the citizen is told it. */
export function syncStateOf(jobState: string | undefined): ApplicationSyncState {
  switch (jobState as 'pending' | 'inFlight' | 'acked' | 'dead' | undefined) {
    case 'acked':
      return 'acknowledged';
    case 'dead':
      return 'deadLetter';
    case 'pending':
    case 'inFlight':
    case undefined:
      return 'queued';
    default:
      return assertNever(jobState as never, 'outbox job state');
  }
}

export class ApplicationStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      lastSeq: db.prepare('SELECT MAX(case_seq) FROM applications WHERE kiosk_code = ? AND case_day = ?').pluck(),
      insert: db.prepare(`INSERT INTO applications (case_number, kiosk_code, case_day, case_seq, kind, target_id, name_zh, name_en, item_ids_json, fee_fen,
          idempotency_key, session_id, outbox_job_id, submitted_at, consent_at)
        VALUES (@caseNumber, @kioskCode, @day, @seq, @kind, @targetId, @nameZh, @nameEn, @itemIds, @feeFen, @idempotencyKey, @sessionId, @jobId, @submittedAt, @consentAt)`),
      byKey: db.prepare('SELECT * FROM applications WHERE idempotency_key = ?'),
      byCase: db.prepare('SELECT * FROM applications WHERE case_number = ?'),
      bySession: db.prepare('SELECT * FROM applications WHERE session_id = ? ORDER BY submitted_at, case_number'),
      setReceipt: db.prepare('UPDATE applications SET receipt_outcome = @outcome, receipt_reason = @reason WHERE case_number = @caseNumber'),
      setPaid: db.prepare('UPDATE applications SET paid_at = @at WHERE case_number = @caseNumber AND paid_at IS NULL'),
      jobState: db.prepare('SELECT state FROM outbox_jobs WHERE id = ?').pluck(),
    };
  }

  /**
   * Allocates the next case number of the kiosk's day and inserts the row. Must run inside the
   * caller's IMMEDIATE transaction (with the outbox job): the write lock held from its start makes
   * MAX+1 safe against any other writer, and the UNIQUE constraint backs it up.
   */
  allocateCaseNumber(kioskCode: string, day: string): string {
    if (!this.db.inTransaction) throw new Error('allocateCaseNumber must run inside the submit transaction');
    const last = (this.statements.lastSeq.get(kioskCode, day) as number | null) ?? 0;
    return formatCaseNumber(kioskCode, day, last + 1);
  }

  insertInTransaction(caseNumber: string, row: NewApplication, outboxJobId: number): void {
    if (!this.db.inTransaction) throw new Error('insertInTransaction must run inside the submit transaction');
    const seq = Number(caseNumber.slice(caseNumber.lastIndexOf('-') + 1));
    this.statements.insert.run({
      caseNumber,
      kioskCode: row.kioskCode,
      day: row.day,
      seq,
      kind: row.kind,
      targetId: row.targetId,
      nameZh: row.name.zh,
      nameEn: row.name.en,
      itemIds: JSON.stringify(row.itemIds),
      feeFen: row.feeFen,
      idempotencyKey: row.idempotencyKey,
      sessionId: row.sessionId,
      jobId: outboxJobId,
      submittedAt: row.submittedAt,
      consentAt: row.consentAt,
    });
  }

  byIdempotencyKey(key: string): ApplicationRow | undefined {
    return toRow(this.statements.byKey.get(key) as RawRow | undefined);
  }

  byCaseNumber(caseNumber: string): ApplicationRow | undefined {
    return toRow(this.statements.byCase.get(caseNumber) as RawRow | undefined);
  }

  bySession(sessionId: string): ApplicationRow[] {
    return (this.statements.bySession.all(sessionId) as RawRow[]).map((r) => toRow(r)!);
  }

  recordReceipt(caseNumber: string, outcome: ReceiptOutcome, reason: string | undefined): void {
    this.statements.setReceipt.run({ caseNumber, outcome, reason: reason ?? null });
  }

  /** Marks the case's fee paid (payments call this in their own transaction). False if unknown or already paid. */
  markPaid(caseNumber: string, at: string): boolean {
    return this.statements.setPaid.run({ caseNumber, at }).changes === 1;
  }

  /** The acknowledgement state of the case's outbox job: only the platform's answer makes it `acknowledged`. */
  syncState(outboxJobId: number): ApplicationSyncState {
    return syncStateOf(this.statements.jobState.get(outboxJobId) as string | undefined);
  }
}

function toRow(raw: RawRow | undefined): ApplicationRow | undefined {
  if (!raw) return undefined;
  return {
    caseNumber: raw.case_number,
    kind: raw.kind,
    targetId: raw.target_id,
    name: { zh: raw.name_zh, en: raw.name_en },
    itemIds: JSON.parse(raw.item_ids_json) as string[],
    feeFen: fen(raw.fee_fen),
    idempotencyKey: raw.idempotency_key,
    sessionId: raw.session_id,
    outboxJobId: raw.outbox_job_id,
    submittedAt: raw.submitted_at,
    receipt: { outcome: raw.receipt_outcome, ...(raw.receipt_reason ? { reason: raw.receipt_reason } : {}) },
    paidAt: raw.paid_at,
  };
}
