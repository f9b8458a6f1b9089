// The applications service (受理, design.md §5–6; 受办分离: the kiosk accepts, the back office
// decides): validates a submission against the catalog form and material rules with the identity
// taken from the ID card read in the session, records the application and its outbox job in one
// transaction under a fresh case number, prints the acceptance receipt, and reports honestly
// whether the platform has acknowledged the case.
import type Database from 'better-sqlite3';
import type { ApplicationSyncState, SubmitResult } from '../../../src-common/api/applications';
import { itemNeedsFaceCheck } from '../../../src-common/api/catalog';
import type { applicationsMethods } from '../../../src-common/api/applications';
import type { ErrorCodeOf, ParsedInputOf } from '../../../src-common/api/contract';
import { apiError, type MethodError } from '../../../src-common/api/envelope';
import type { IdCardData } from '../../../src-common/api/devices';
import type { Logger } from '../../../src-common/logging';
import { err, ok, type Result } from '../../../src-common/result';
import type { CatalogService } from '../catalog/CatalogService';
import type { Outbox } from '../outbox/Outbox';
import type { PrintService } from '../printing/PrintService';
import type { ActiveSession } from '../session/SessionService';
import { AcknowledgementWatcher } from './AcknowledgementWatcher';
import { acceptanceReceiptFor } from './acceptanceReceipt';
import { applicationRecord, type ApplicantIdentity } from './applicationRecord';
import { ApplicationStore, type ApplicationRow, type ReceiptOutcome } from './ApplicationStore';
import { bundleTarget, completeAnswers, identityDeclared, itemTarget, type ApplicationTarget } from './applicationTarget';
import { beijingDay } from './caseNumber';
import { checkMaterials, describeMaterialProblem } from './materialRules';
import { sessionIdCard } from '../session/sessionIdCard';
import { receiptOutcomeOf } from '../printing/receiptOutcome';
import { serviceId } from '../composition/serviceId';
import type { Fen } from '../../../src-common/domain/money';

export type SubmitInput = ParsedInputOf<(typeof applicationsMethods)['Application.Submit']>;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Renderer and core share one machine clock; this only absorbs rounding and a slow event loop. */
const CONSENT_CLOCK_TOLERANCE_MS = 60_000;

export interface ApplicationServiceOptions {
  readonly db: Database.Database;
  readonly outbox: Outbox;
  /** The catalog as served now (read per submission so a pulled catalog applies at once). */
  readonly catalog: () => CatalogService;
  /** Absent when the printing module is not running: the receipt is then `notAttempted`. */
  readonly printing?: PrintService;
  readonly kioskCode: string;
  /** Chinese hall name printed at the top of the receipt. */
  readonly hallName: string;
  readonly trackingUrlTemplate?: string;
  readonly log: Logger;
  /** The log redactor's per-session list (cleared by the session service at session end). */
  readonly registerSensitive: (value: string) => void;
  readonly now?: () => number;
  /**
   * Whether the card holder of this session passed 人证核验 (faceCheck module). Absent, an item
   * that needs the check is refused: never a silent pass.
   */
  readonly faceVerified?: (session: ActiveSession) => boolean;
}

/** One session's case, as `Application.SessionCases` lists it. */
export interface SessionCase {
  readonly caseNumber: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly feeFen: Fen;
  readonly paid: boolean;
  readonly syncState: ApplicationSyncState;
}

interface RunningSubmit {
  readonly sessionId: string;
  readonly promise: Promise<Result<SubmitResult, SubmitError>>;
}

export class ApplicationService {
  private readonly store: ApplicationStore;
  private readonly watcher: AcknowledgementWatcher;
  /** Submissions in progress by idempotency key: a double tap joins the first instead of racing it. */
  private readonly running = new Map<string, RunningSubmit>();

  constructor(private readonly options: ApplicationServiceOptions) {
    this.store = new ApplicationStore(options.db);
    this.watcher = new AcknowledgementWatcher((jobId) => this.store.syncState(jobId));
  }

  /**
   * Submits once per idempotency key. When it resolves `ok`, the application row and its outbox
   * job are committed (they survive a crash), and the receipt has been attempted; a failed print
   * leaves the application in place. When it resolves with an error, nothing was recorded.
   */
  async submit(session: ActiveSession, input: SubmitInput): Promise<Result<SubmitResult, SubmitError>> {
    const sessionId = session.info.sessionId;
    const running = this.running.get(input.idempotencyKey);
    if (running) return running.sessionId === sessionId ? running.promise : err(keyOfAnotherSession());
    const existing = this.store.byIdempotencyKey(input.idempotencyKey);
    if (existing) return existing.sessionId === sessionId ? ok(this.resultOf(existing)) : err(keyOfAnotherSession());
    const promise = this.submitOnce(session, input);
    this.running.set(input.idempotencyKey, { sessionId, promise });
    try {
      return await promise;
    } finally {
      if (this.running.get(input.idempotencyKey)?.promise === promise) this.running.delete(input.idempotencyKey);
    }
  }

  /** Resolves when the platform has acknowledged (or dead-lettered) the case, or with its state at the timeout. */
  async waitAcknowledged(session: ActiveSession, caseNumber: string, timeoutMs: number, signal?: AbortSignal): Promise<Result<{ caseNumber: string; syncState: ApplicationSyncState }, MethodError<'unknownCase'>>> {
    const row = this.store.byCaseNumber(caseNumber);
    if (!row || row.sessionId !== session.info.sessionId) return err(apiError('invalidData', 'unknownCase', `case ${caseNumber} was not submitted in this session`));
    const syncState = await this.watcher.wait(row.outboxJobId, timeoutMs, signal);
    return ok({ caseNumber, syncState });
  }

  sessionCases(session: ActiveSession): SessionCase[] {
    return this.store.bySession(session.info.sessionId).map((row) => ({
      caseNumber: row.caseNumber,
      name: row.name,
      feeFen: row.feeFen,
      paid: row.paidAt !== null,
      syncState: this.store.syncState(row.outboxJobId),
    }));
  }

  /** The current acknowledgement state of any case of this kiosk (technician tools, payments). */
  syncStateOf(caseNumber: string): ApplicationSyncState | undefined {
    const row = this.store.byCaseNumber(caseNumber);
    return row ? this.store.syncState(row.outboxJobId) : undefined;
  }

  /** A case of the given session (the 缴费 journey looks up what it may collect). */
  sessionCase(sessionId: string, caseNumber: string): ApplicationRow | undefined {
    const row = this.store.byCaseNumber(caseNumber);
    return row && row.sessionId === sessionId ? row : undefined;
  }

  /** Records that the case's fee was paid; call inside the payment's own transaction. False if unknown or already paid. */
  markPaid(caseNumber: string, paidAt: string): boolean {
    return this.store.markPaid(caseNumber, paidAt);
  }

  /** Session end: forgets everything held for the session. Submissions still printing finish, unreferenced. */
  forgetSession(sessionId: string): void {
    for (const [key, run] of this.running) if (run.sessionId === sessionId) this.running.delete(key);
  }

  /** What the service holds in memory right now, for diagnostics and the privacy test. */
  memorySnapshot(): { runningSubmissions: string[]; acknowledgementWaiters: number } {
    return {
      runningSubmissions: [...this.running.keys()],
      acknowledgementWaiters: this.watcher.waiting,
    };
  }

  dispose(): void {
    this.watcher.dispose();
    this.running.clear();
  }

  private async submitOnce(session: ActiveSession, input: SubmitInput): Promise<Result<SubmitResult, SubmitError>> {
    const target = this.resolveTarget(input.kind, input.id);
    if (!target) return err(apiError('invalidData', 'notOffered', `no ${input.kind} "${input.id}" is offered at this kiosk`));
    // A replacement for a lost card cannot read that card: its applicant is typed (and checked in person later).
    const declared = identityDeclared(target);
    const card = declared ? undefined : sessionIdCard(session);
    if (!declared && !card) {
      return err(apiError('sequenceError', 'noCardRead', "Application.Submit needs the applicant's ID card read in this session (IdCard.WaitForCard); a typed identity is accepted only for items whose applicantIdentity is declared"));
    }
    if (card) {
      this.options.registerSensitive(card.name);
      this.options.registerSensitive(card.idNumber);
      if (!card.checkDigitValid) {
        return err(apiError('userError', 'checkDigitInvalid', 'the ID number on this card fails its check digit; the kiosk cannot accept the application'));
      }
      if (target.items.some(itemNeedsFaceCheck) && !this.options.faceVerified?.(session)) {
        return err(apiError('sequenceError', 'faceCheckRequired', 'this application needs 人证核验 (FaceCheck.Verify) of the card holder in this session'));
      }
    }
    const malformed = malformedImages(input);
    if (malformed) return err(apiError('invalidData', 'malformedInput', malformed));
    const nowMs = this.options.now?.() ?? Date.now();
    const consentMs = Date.parse(input.consentAt);
    if (consentMs < Date.parse(session.info.startedAt) - CONSENT_CLOCK_TOLERANCE_MS || consentMs > nowMs + CONSENT_CLOCK_TOLERANCE_MS) {
      return err(apiError('invalidData', 'malformedInput', 'consentAt must be the moment the citizen agreed during this session'));
    }

    const completed = completeAnswers(target, input.answers, card);
    const applicant = card ? ({ source: 'idCard', card } as const) : declaredApplicant(target, completed.answers);
    if (applicant.source === 'declared') {
      this.options.registerSensitive(applicant.name);
      this.options.registerSensitive(applicant.idNumber);
    }
    if (completed.problems.length > 0) {
      const en = completed.problems.map((p) => `${p.key}: ${p.message.en}`).join('; ');
      return err(apiError('userError', 'answersInvalid', en, { problems: completed.problems.length }));
    }
    const materials = checkMaterials(target.materials, input.materials);
    if (materials.problems.length > 0) {
      const texts = materials.problems.map(describeMaterialProblem);
      const onlyUnknown = materials.problems.every((p) => p.kind === 'unknown');
      const en = texts.map((t) => t.en).join('; ');
      return err(onlyUnknown ? apiError('invalidData', 'malformedInput', en) : apiError('userError', 'materialsMissing', en, { problems: materials.problems.length }));
    }

    const submittedAt = new Date(nowMs).toISOString();
    const day = beijingDay(nowMs);
    const { db, outbox, kioskCode } = this.options;
    const catalogVersion = this.options.catalog().version;
    const written = outbox.write('recording an application', () =>
      db
        .transaction(() => {
          const caseNumber = this.store.allocateCaseNumber(kioskCode, day);
          const job = outbox.enqueueInTransaction(
            db,
            applicationRecord({ caseNumber, kioskCode, target, applicant, answers: completed.answers, fromCard: completed.fromCard, materials: materials.accepted, signature: input.signature, submittedAt, consentAt: input.consentAt, catalogVersion }),
          );
          this.store.insertInTransaction(
            caseNumber,
            { kioskCode, day, kind: target.kind, targetId: target.id, name: target.name, itemIds: target.items.map((i) => i.id), feeFen: target.feeFen, idempotencyKey: input.idempotencyKey, sessionId: session.info.sessionId, submittedAt, consentAt: input.consentAt },
            job.jobId,
          );
          return { caseNumber, jobId: job.jobId };
        })
        .immediate(),
    );
    if (!written.ok) {
      this.options.log.error('application.not_recorded', { kind: target.kind, id: target.id, storage: written.error.kind });
      return err(apiError('hardwareError', 'notRecorded', `the application could not be recorded and was not submitted: ${written.error.message}`));
    }
    const { caseNumber, jobId } = written.value;
    this.options.log.info('application.submitted', {
      caseNumber,
      kind: target.kind,
      id: target.id,
      items: target.items.length,
      fields: Object.keys(completed.answers).length,
      materials: materials.accepted.length,
      ignoredAnswerKeys: completed.ignoredKeys.length,
    });

    const receipt = await this.printAcceptance(target, applicant.source === 'idCard' ? applicant.card : applicant, caseNumber, submittedAt);
    try {
      this.store.recordReceipt(caseNumber, receipt.outcome, receipt.reason);
    } catch (e) {
      // The case stands; only the remembered print outcome is lost (a full disk).
      this.options.log.warn('application.receipt_outcome_not_recorded', { caseNumber, error: e });
    }
    return ok({ caseNumber, syncState: this.store.syncState(jobId), receipt, feeFen: target.feeFen, itemIds: target.items.map((i) => i.id), submittedAt });
  }

  private resolveTarget(kind: 'item' | 'bundle', id: string): ApplicationTarget | undefined {
    const catalog = this.options.catalog();
    if (kind === 'item') {
      const item = catalog.item(id);
      return item ? itemTarget(item) : undefined;
    }
    const bundle = catalog.bundle(id);
    return bundle ? bundleTarget(bundle) : undefined;
  }

  /** Prints the 受理回执; never throws, never undoes the application. */
  private async printAcceptance(target: ApplicationTarget, card: Pick<IdCardData, 'name' | 'idNumber'>, caseNumber: string, submittedAt: string): Promise<{ outcome: ReceiptOutcome; reason?: string }> {
    const printing = this.options.printing;
    if (!printing) return { outcome: 'notAttempted', reason: 'no printing service is running on this kiosk' };
    const document = acceptanceReceiptFor({
      hallName: this.options.hallName,
      kioskCode: this.options.kioskCode,
      caseNumber,
      name: target.name.zh,
      applicantName: card.name,
      applicantIdNumber: card.idNumber,
      submittedAt,
      ...(target.promisedWorkingDays !== undefined ? { promisedWorkingDays: target.promisedWorkingDays } : {}),
      ...(this.options.trackingUrlTemplate ? { trackingUrlTemplate: this.options.trackingUrlTemplate } : {}),
    });
    try {
      const job = await printing.printReceipt(document, { jobId: `acceptance:${caseNumber}` });
      return receiptOutcomeOf(job);
    } catch (e) {
      this.options.log.error('application.receipt_print_threw', { caseNumber, error: e });
      return { outcome: 'unknown', reason: 'the print service failed unexpectedly' };
    }
  }

  private resultOf(row: ApplicationRow): SubmitResult {
    return {
      caseNumber: row.caseNumber,
      syncState: this.store.syncState(row.outboxJobId),
      receipt: row.receipt,
      feeFen: row.feeFen,
      itemIds: [...row.itemIds],
      submittedAt: row.submittedAt,
    };
  }
}

/** How a submission can fail: one of Application.Submit's error codes. */
export type SubmitError = MethodError<ErrorCodeOf<(typeof applicationsMethods)['Application.Submit']>>;

function keyOfAnotherSession(): SubmitError {
  return apiError('sequenceError', 'keyReused', 'this idempotencyKey was already used by another session; use a new key for a new submission');
}

/** Images and the signature must at least be base64 (they are never decoded in the core). */
function malformedImages(input: SubmitInput): string | undefined {
  if (!BASE64.test(input.signature.base64)) return 'the signature is not base64';
  for (const material of input.materials) {
    if (material.images.some((image) => !BASE64.test(image.base64))) return `an image of material "${material.materialId}" is not base64`;
  }
  return undefined;
}

/** The typed applicant of a declared-identity target: the answers of its name and ID number fields. */
function declaredApplicant(target: ApplicationTarget, answers: Readonly<Record<string, string>>): ApplicantIdentity {
  const answerOf = (source: 'idCard.name' | 'idCard.idNumber') => {
    const field = target.fields.find((f) => f.field.source === source);
    return (field && answers[field.key]) ?? '';
  };
  return { source: 'declared', name: answerOf('idCard.name'), idNumber: answerOf('idCard.idNumber').toUpperCase() };
}

/** Submitted applications: case numbers, session cases, acknowledgement state, fee paid (applications module). */
export const ApplicationServiceId = serviceId<ApplicationService>('applications');
