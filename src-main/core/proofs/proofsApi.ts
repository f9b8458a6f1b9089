// 自助打印证明: issues a proof at the platform for the citizen whose card was read in this session,
// lets the citizen check it (Proof.Issue), then prints that same proof on the A4 printer
// (Proof.Print), reporting what the printer says. Online only: a proof is the platform's
// statement, and the kiosk never makes one up. An issued proof is held in memory for the session
// only, never stored.
import { apiError, type MethodError } from '../../../src-common/api/envelope';
import type { ErrorCodeOf } from '../../../src-common/api/contract';
import type { proofsMethods } from '../../../src-common/api/proofs';
import { maskIdNumber, maskName } from '../../../src-common/privacy/redact';
import type { IdCardData } from '../../../src-common/api/devices';
import { IssuedProof, type ProofKind } from '../../../src-common/wire/proofsWire';
import { err, ok, type Result } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import { receiptOutcomeOf } from '../printing/receiptOutcome';
import type { PrintService } from '../printing/PrintService';
import { sessionIdCard } from '../session/sessionIdCard';
import type { PlatformClient } from '../sync/PlatformClient';
import { displayProofNumber } from './proofNumber';

type ProofError = MethodError<ErrorCodeOf<(typeof proofsMethods)['Proof.Print']>>;
/** One issued proof of the session, waiting to be printed under its idempotency key. */
type Issued = Result<IssuedProof, ProofError>;

export function registerProofsApi(ctx: CoreContext, platform: PlatformClient, printing: PrintService): void {
  const log = ctx.log.child('proofs');
  /** Issued proofs and print results by idempotency key for this session: a double tap issues and prints once. */
  const issued = new Map<string, Promise<Issued>>();
  const printed = new Map<string, ReturnType<typeof printProof>>();
  ctx.sessions.onWipe(() => {
    issued.clear();
    printed.clear();
  });

  /** The session's card, or why it cannot identify the citizen. */
  const holder = (): Result<{ key: (idempotencyKey: string) => string; card: IdCardData }, ProofError> => {
    const session = ctx.sessions.active;
    const card = session && sessionIdCard(session);
    if (!session || !card) return err(apiError('sequenceError', 'noCardRead', 'proofs need an ID card read in this session'));
    if (!card.checkDigitValid) return err(apiError('userError', 'checkDigitInvalid', 'the ID card number fails its check digit; proofs are issued at a staffed window'));
    return ok({ key: (idempotencyKey) => `${session.info.sessionId}:${idempotencyKey}`, card });
  };

  /** Issues once per key (the preview and the print share it); a failed issue may be tried again. */
  const issue = (key: string, kind: ProofKind, card: IdCardData): Promise<Issued> => {
    const previous = issued.get(key);
    if (previous) return previous;
    const running = (async (): Promise<Issued> => {
      const answer = await platform.signed('POST', '/v1/proofs/issue', { kind, holder: { name: card.name, idNumber: card.idNumber } }, IssuedProof);
      if (answer.ok) return ok(answer.value);
      log.warn('proofs.issue_failed', { kind, failure: answer.error.kind });
      // The platform answered and declined (4xx): no such record; anything else: it could not be reached.
      const declined = answer.error.kind === 'http' && answer.error.status >= 400 && answer.error.status < 500;
      return err(
        declined
          ? apiError('userError', 'notIssued', `the central platform declined to issue the proof (http ${answer.error.status})`)
          : apiError('deviceNotReady', 'platformUnavailable', `the central platform could not issue the proof (${answer.error.kind})`),
      );
    })();
    issued.set(key, running);
    void running.then((r) => !r.ok && issued.get(key) === running && issued.delete(key));
    return running;
  };

  const printProof = async (key: string, kind: ProofKind, card: IdCardData) => {
    const answer = await issue(key, kind, card);
    if (!answer.ok) return answer;
    const proof = answer.value;
    // pdfkit and the CJK font load only when a proof is printed, not at boot.
    const { renderProofPdf } = await import('../printing/pdf/proofDocument');
    const pdf = await renderProofPdf({
      title: proof.title,
      documentNumber: displayProofNumber(proof.proofId),
      holderName: card.name,
      // Printed masked like receipts: the proof's verification code, not the sheet, is the evidence.
      holderIdNumber: maskIdNumber(card.idNumber),
      rows: proof.rows,
      statement: proof.statement,
      issuingDepartment: proof.issuingDepartment,
      issuedAt: proof.issuedAt,
      verificationCode: proof.verificationCode,
      verifyUrl: proof.verifyUrl,
      footer: `本证明由政务服务自助终端 ${ctx.config.kiosk.code} 打印 · 演示平台数据，非真实证明`,
    });
    const job = await printing.printPdf('a4Printer', pdf, { document: 'proof', jobId: `proof:${proof.proofId}`, title: `proof ${proof.proofId}` });
    log.info('proofs.printed', { kind, proofId: proof.proofId, outcome: job.state });
    return ok({ proofId: proof.proofId, title: proof.title, verificationCode: proof.verificationCode, print: receiptOutcomeOf(job) });
  };

  ctx.router.register('Proof.Issue', async (input) => {
    const found = holder();
    if (!found.ok) return found;
    const { key, card } = found.value;
    const proof = await issue(key(input.idempotencyKey), input.kind, card);
    if (!proof.ok) return proof;
    return ok({
      kind: proof.value.kind,
      title: proof.value.title,
      documentNumber: displayProofNumber(proof.value.proofId),
      holderName: maskName(card.name),
      holderIdNumber: maskIdNumber(card.idNumber),
      rows: proof.value.rows,
      statement: proof.value.statement,
      issuingDepartment: proof.value.issuingDepartment,
      issuedAt: proof.value.issuedAt,
      verificationCode: proof.value.verificationCode,
    });
  });

  ctx.router.register('Proof.Print', async (input) => {
    const found = holder();
    if (!found.ok) return found;
    const key = found.value.key(input.idempotencyKey);
    const previous = printed.get(key);
    if (previous) return previous;
    const running = printProof(key, input.kind, found.value.card);
    printed.set(key, running);
    return running;
  });
}
