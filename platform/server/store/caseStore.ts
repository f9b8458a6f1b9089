// Cases at the platform (issue #12 item 3): a stored `application.submitted` event becomes a case
// in the transaction that stores it; the back office moves it through the lifecycle
// (cases/caseLifecycle.ts), each move audited; a case reaching readyForPickup yields a certificate
// for its holder; a confirmed print of it (`certificate.printed`) marks it picked up. Kiosks find
// cases by number or by ID card (a keyed hash, never the number), and their unpaid fees.
import { EVENT_KINDS } from '../../../src-common/wire/eventRegistry';
import { MAX_HOLDER_CASES, type AdminCase, type CaseFeeDetail, type CaseStatus, type CaseStatusCode, type CaseTransitionRecord, type CaseTransitionRequest } from '../../../src-common/wire/casesWire';
import { CERTIFICATE_PRINTED_KIND, type ReadyCertificate } from '../../../src-common/wire/proofsWire';
import type { WireEvent } from '../../../src-common/wire/wire';
import { maskName } from '../../../src-common/privacy/redact';
import { err, ok, type Result } from '../../../src-common/result';
import { checkTransition, type TransitionRefusal } from '../cases/caseLifecycle';
import type { HolderLookup } from '../cases/holderLookup';
import { isoOf, isoOrNull, type Row, type SqlDatabase, type SqlExecutor } from '../storage/sqlDatabase';
import { clampPage } from './eventStore';

const APPLICATION_SUBMITTED = 'application.submitted';
const SubmittedPayload = EVENT_KINDS[APPLICATION_SUBMITTED].payload;
const SubmittedPii = EVENT_KINDS[APPLICATION_SUBMITTED].pii;

/** Most cases one page of the back office's list returns. */
export const MAX_CASE_PAGE = 200;

/** Most steps a case's history shows a kiosk. */
const MAX_HISTORY = 20;

/** Filters of the back office's case list. */
export interface CaseListQuery {
  readonly status?: CaseStatusCode;
  readonly kioskId?: string;
  /** The last case number of the previous page (newest first). */
  readonly after?: string;
  readonly limit?: number;
}

/** Why a transition request failed. */
export type TransitionFailure =
  // no case with this number
  | { readonly kind: 'notFound' }
  // the lifecycle refused it
  | { readonly kind: 'refused'; readonly refusal: TransitionRefusal };

const CASE_COLUMNS = `c.case_number, c.status, c.service_name, c.service_id, c.service_zh, c.service_en, c.kiosk_id, c.fee_fen, c.holder_name_masked,
  c.submitted_at, c.created_at, c.updated_at, c.note, c.certificate_number, c.revision, s.settled_at AS paid_at`;
/** A case with the live settlement of its fee, if any (a case fee is the payable `case:<number>`). */
const CASE_FROM = `cases c LEFT JOIN payment_settlements s ON s.payable_key = 'case:' || c.case_number AND s.reversed_at IS NULL`;

function service(r: Row): { zh: string; en: string } {
  const name = r.service_name as string;
  return { zh: (r.service_zh as string | null) ?? name, en: (r.service_en as string | null) ?? name };
}

function feeOf(r: Row): CaseStatus['fee'] {
  const amountFen = Number(r.fee_fen ?? 0);
  if (amountFen <= 0) return { amountFen: 0, status: 'noFee' };
  return { amountFen, status: r.paid_at ? 'paid' : 'unpaid' };
}

function toAdminCase(r: Row): AdminCase {
  return {
    caseNumber: r.case_number as string,
    status: r.status as CaseStatusCode,
    serviceId: (r.service_id as string | null) ?? null,
    service: service(r),
    kioskId: (r.kiosk_id as string | null) ?? null,
    holderNameMasked: (r.holder_name_masked as string | null) ?? null,
    feeFen: Number(r.fee_fen ?? 0),
    submittedAt: isoOrNull(r.submitted_at),
    createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at),
    note: (r.note as string | null) ?? null,
    certificateNumber: (r.certificate_number as string | null) ?? null,
    revision: r.revision as number,
  };
}

function toTransition(r: Row): CaseTransitionRecord {
  return { seq: r.seq as number, from: (r.from_status as CaseStatusCode | null) ?? null, to: r.to_status as CaseStatusCode, actor: r.actor as string, at: isoOf(r.at), note: (r.note as string | null) ?? null };
}

/** `2026年11月26日` in Asia/Shanghai, as certificates print dates. */
function chineseDate(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}年${Number(part('month'))}月${Number(part('day'))}日`;
}

export class CaseStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly lookup: HolderLookup,
  ) {}

  /** The holder key of an ID number (what cases and certificates are looked up by). */
  holderKey(idNumber: string): string {
    return this.lookup.holderKey(idNumber);
  }

  /**
   * Projector: each newly stored `application.submitted` becomes a `received` case with its first
   * audited step. Runs in the storing transaction; an event is stored once, and a case number
   * already taken (seeded, or another kiosk's bug) is left as it is.
   */
  readonly projectSubmissions = async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string): Promise<void> => {
    for (const event of accepted) {
      if (event.kind !== APPLICATION_SUBMITTED) continue;
      const payload = SubmittedPayload.parse(event.payload);
      const pii = SubmittedPii.safeParse(event.pii);
      const applicant = pii.success ? pii.data.applicant : undefined;
      const inserted = await tx.execute(
        `INSERT INTO cases (case_number, status, service_name, updated_at, note, service_id, service_zh, service_en, kiosk_id, fee_fen, holder_key, holder_name_masked, submitted_at, created_at, revision)
         VALUES ($1, 'received', $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $3, 1) ON CONFLICT (case_number) DO NOTHING`,
        [
          payload.caseNumber,
          `${payload.name.zh} ${payload.name.en}`,
          receivedAt,
          payload.id,
          payload.name.zh,
          payload.name.en,
          kioskId,
          payload.feeFen,
          applicant ? this.lookup.holderKey(applicant.idNumber) : null,
          applicant ? maskName(applicant.name) : null,
          payload.submittedAt,
        ],
      );
      if (inserted === 1) {
        await tx.execute("INSERT INTO case_transitions (case_number, seq, from_status, to_status, actor, at, note) VALUES ($1, 1, NULL, 'received', $2, $3, NULL)", [payload.caseNumber, `kiosk:${kioskId}`, receivedAt]);
      }
    }
  };

  /**
   * Projector: a confirmed print (`certificate.printed`) of a case's certificate moves the case
   * from readyForPickup to pickedUp, audited as the printing kiosk. Runs after the print is counted.
   */
  readonly projectPickups = async (tx: SqlExecutor, kioskId: string, accepted: readonly WireEvent[], receivedAt: string): Promise<void> => {
    const numbers = [...new Set(accepted.filter((e) => e.kind === CERTIFICATE_PRINTED_KIND).map((e) => String(e.payload.certificateNumber)))];
    if (numbers.length === 0) return;
    const ready = await tx.query<{ case_number: string }>(
      "SELECT case_number FROM cases WHERE certificate_number = ANY($1) AND status = 'readyForPickup' ORDER BY case_number FOR UPDATE",
      [numbers],
    );
    for (const { case_number } of ready) await this.move(tx, case_number, 'readyForPickup', 'pickedUp', `kiosk:${kioskId}`, receivedAt, null);
  };

  private async move(tx: SqlExecutor, caseNumber: string, from: CaseStatusCode, to: CaseStatusCode, actor: string, at: string, note: string | null, certificateNumber?: string): Promise<void> {
    const [row] = await tx.query<{ revision: number }>(
      `UPDATE cases SET status = $2, updated_at = $3, note = $4, revision = revision + 1, certificate_number = COALESCE($5, certificate_number)
       WHERE case_number = $1 RETURNING revision`,
      [caseNumber, to, at, note, certificateNumber ?? null],
    );
    if (!row) throw new Error(`case ${caseNumber} vanished while locked`);
    const [last] = await tx.query<{ seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM case_transitions WHERE case_number = $1', [caseNumber]);
    await tx.execute('INSERT INTO case_transitions (case_number, seq, from_status, to_status, actor, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)', [caseNumber, (last?.seq ?? 0) + 1, from, to, actor, at, note]);
  }

  /**
   * Moves a case one step (back office), under the case's row lock: refused unless the lifecycle
   * allows it. readyForPickup creates the case's certificate for its holder in the same transaction.
   */
  async transition(caseNumber: string, request: CaseTransitionRequest, now: Date): Promise<Result<AdminCase, TransitionFailure>> {
    const at = now.toISOString();
    return this.db.transaction(async (tx): Promise<Result<AdminCase, TransitionFailure>> => {
      const [current] = await tx.query<{ status: CaseStatusCode; service_zh: string | null; service_name: string; holder_key: string | null; holder_name_masked: string | null }>(
        'SELECT status, service_zh, service_name, holder_key, holder_name_masked FROM cases WHERE case_number = $1 FOR UPDATE',
        [caseNumber],
      );
      if (!current) return err({ kind: 'notFound' });
      const allowed = checkTransition(current.status, request);
      if (!allowed.ok) return err({ kind: 'refused', refusal: allowed.error });
      let certificateNumber: string | undefined;
      if (request.to === 'readyForPickup') {
        certificateNumber = `C-${caseNumber}`;
        const itemName = current.service_zh ?? current.service_name;
        const certificate = request.certificate ?? {
          title: itemName,
          kind: 'caseCertificate',
          fields: { itemName, validity: '长期', issuingDepartment: '政务服务中心', issuedDate: chineseDate(now) },
          printQuota: 1,
        };
        await tx.execute(
          `INSERT INTO certificates (certificate_number, kind, holder_name_masked, fields, print_quota, case_number, holder_key, title)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (certificate_number) DO NOTHING`,
          [certificateNumber, certificate.kind, current.holder_name_masked ?? '—', JSON.stringify({ certificateNumber, ...certificate.fields }), certificate.printQuota, caseNumber, current.holder_key, certificate.title],
        );
      }
      await this.move(tx, caseNumber, current.status, request.to, request.actor, at, request.note ?? null, certificateNumber);
      const [row] = await tx.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.case_number = $1`, [caseNumber]);
      return ok(toAdminCase(row!));
    });
  }

  /** The back office's view of one case with its whole audit trail. */
  async adminCase(caseNumber: string): Promise<{ case: AdminCase; transitions: CaseTransitionRecord[] } | undefined> {
    const [row] = await this.db.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.case_number = $1`, [caseNumber]);
    if (!row) return undefined;
    // A case moves a handful of times; 100 steps is a bound, not a page.
    const steps = await this.db.query('SELECT seq, from_status, to_status, actor, at, note FROM case_transitions WHERE case_number = $1 ORDER BY seq LIMIT 100', [caseNumber]);
    return { case: toAdminCase(row), transitions: steps.map(toTransition) };
  }

  /** One page of cases, newest first, optionally of one status or kiosk (keyset paging). */
  async list(query: CaseListQuery = {}): Promise<AdminCase[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) where.push(`c.status = $${params.push(query.status)}`);
    if (query.kioskId) where.push(`c.kiosk_id = $${params.push(query.kioskId)}`);
    if (query.after) where.push(`(c.created_at, c.case_number) < (SELECT created_at, case_number FROM cases WHERE case_number = $${params.push(query.after)})`);
    const limit = `$${params.push(clampPage(query.limit, MAX_CASE_PAGE))}`;
    const rows = await this.db.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at DESC, c.case_number DESC LIMIT ${limit}`, params);
    return rows.map(toAdminCase);
  }

  /** A case as a kiosk shows it (查询), with its fee and the steps it went through. */
  async kioskView(caseNumber: string): Promise<CaseStatus | undefined> {
    const [row] = await this.db.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.case_number = $1`, [caseNumber]);
    if (!row) return undefined;
    const steps = await this.db.query<{ to_status: CaseStatusCode; at: Date }>('SELECT to_status, at FROM case_transitions WHERE case_number = $1 ORDER BY seq LIMIT $2', [caseNumber, MAX_HISTORY]);
    return this.toKioskView(row, steps);
  }

  private toKioskView(row: Row, steps: ReadonlyArray<{ to_status: CaseStatusCode; at: unknown }>): CaseStatus {
    const note = row.note as string | null;
    const submittedAt = isoOrNull(row.submitted_at);
    return {
      caseNumber: row.case_number as string,
      status: row.status as CaseStatusCode,
      serviceName: row.service_name as string,
      updatedAt: isoOf(row.updated_at),
      ...(note ? { note } : {}),
      service: service(row),
      ...(submittedAt ? { submittedAt } : {}),
      fee: feeOf(row),
      ...(steps.length > 0 ? { history: steps.map((s) => ({ status: s.to_status, at: isoOf(s.at) })) } : {}),
    };
  }

  /** The holder's cases (newest first, at most MAX_HOLDER_CASES), found by the keyed hash of the ID number. */
  async ofHolder(idNumber: string): Promise<CaseStatus[]> {
    const rows = await this.db.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.holder_key = $1 ORDER BY c.created_at DESC, c.case_number DESC LIMIT $2`, [this.lookup.holderKey(idNumber), MAX_HOLDER_CASES]);
    if (rows.length === 0) return [];
    const numbers = rows.map((r) => r.case_number as string);
    const steps = await this.db.query<{ case_number: string; to_status: CaseStatusCode; at: Date }>(
      'SELECT case_number, to_status, at FROM case_transitions WHERE case_number = ANY($1) ORDER BY case_number, seq',
      [numbers],
    );
    return rows.map((r) => this.toKioskView(r, steps.filter((s) => s.case_number === r.case_number).slice(0, MAX_HISTORY)));
  }

  /** A case's fee as a payable (缴费 by case number); undefined when the case is unknown or free. */
  async fee(caseNumber: string): Promise<CaseFeeDetail | undefined> {
    const [row] = await this.db.query(`SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.case_number = $1`, [caseNumber]);
    return row ? toFeeDetail(row) : undefined;
  }

  /** The holder's unpaid case fees, newest first (rejected cases owe nothing). */
  async unpaidFeesOfHolder(idNumber: string): Promise<CaseFeeDetail[]> {
    const rows = await this.db.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.holder_key = $1 AND c.fee_fen > 0 AND s.settled_at IS NULL AND c.status <> 'rejected'
       ORDER BY c.created_at DESC, c.case_number DESC LIMIT $2`,
      [this.lookup.holderKey(idNumber), MAX_HOLDER_CASES],
    );
    return rows.flatMap((r) => toFeeDetail(r) ?? []);
  }

  /**
   * The fee the platform holds for a case, to check a kiosk's order against (undefined when the
   * case has not arrived yet: a fee paid in the submitting session may be ordered before its case syncs).
   */
  async feeFen(caseNumber: string): Promise<number | undefined> {
    const [row] = await this.db.query<{ fee_fen: number }>('SELECT fee_fen FROM cases WHERE case_number = $1', [caseNumber]);
    return row ? Number(row.fee_fen) : undefined;
  }

  /** Certificates of the holder's cases that are ready for pickup, with the prints left. */
  async readyCertificates(holderName: string, idNumber: string): Promise<ReadyCertificate[]> {
    const rows = await this.db.query<{ certificate_number: string; title: string | null; kind: string; fields: Record<string, string>; print_quota: number; printed: number }>(
      `SELECT ce.certificate_number, ce.title, ce.kind, ce.fields, ce.print_quota,
         (SELECT COUNT(*) FROM certificate_prints p WHERE p.certificate_number = ce.certificate_number) AS printed
       FROM certificates ce JOIN cases c ON c.case_number = ce.case_number
       WHERE ce.holder_key = $1 AND c.status = 'readyForPickup' ORDER BY c.updated_at, ce.certificate_number LIMIT $2`,
      [this.lookup.holderKey(idNumber), MAX_HOLDER_CASES],
    );
    return rows
      .map((r) => ({ certificateNumber: r.certificate_number, title: r.title ?? r.kind, fields: { ...r.fields, holderName }, remainingQuota: Math.max(0, r.print_quota - r.printed) }))
      .filter((c) => c.remainingQuota > 0);
  }
}

function toFeeDetail(r: Row): CaseFeeDetail | undefined {
  const amountFen = Number(r.fee_fen ?? 0);
  if (amountFen <= 0) return undefined;
  const paidAt = isoOrNull(r.paid_at);
  return {
    caseNumber: r.case_number as string,
    itemName: service(r),
    payerMasked: (r.holder_name_masked as string | null) ?? '—',
    amountFen,
    status: paidAt ? 'paid' : 'unpaid',
    ...(paidAt ? { paidAt } : {}),
  };
}
