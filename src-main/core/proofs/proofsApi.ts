// 自助打印证明: issues a proof at the platform for the citizen whose card was read in this session
// and prints it on the A4 printer, reporting what the printer says. Online only: a proof is the
// platform's statement, and the kiosk never makes one up. Nothing of the proof is stored here.
import { apiError, type MethodError } from '../../../src-common/api/envelope';
import { maskIdNumber } from '../../../src-common/privacy/redact';
import type { IdCardData } from '../../../src-common/api/devices';
import { IssuedProof, type ProofKind } from '../../../src-common/wire/proofsWire';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import { receiptOutcomeOf } from '../printing/receiptOutcome';
import type { PrintService } from '../printing/PrintService';
import { sessionIdCard } from '../session/sessionIdCard';
import type { PlatformClient } from '../sync/PlatformClient';

export function registerProofsApi(ctx: CoreContext, platform: PlatformClient, printing: PrintService): void {
  const log = ctx.log.child('proofs');
  /** Results by idempotency key for this session: a double tap prints once. */
  const done = new Map<string, ReturnType<typeof printProof>>();
  ctx.sessions.onWipe(() => done.clear());

  const printProof = async (kind: ProofKind, card: IdCardData) => {
    const issued = await platform.signed('POST', '/v1/proofs/issue', { kind, holder: { name: card.name, idNumber: card.idNumber } }, IssuedProof);
    if (!issued.ok) {
      log.warn('proofs.issue_failed', { kind, failure: issued.error.kind });
      // The platform answered and declined (4xx): no such record; anything else: it could not be reached.
      const declined = issued.error.kind === 'http' && issued.error.status >= 400 && issued.error.status < 500;
      return err<MethodError<'notIssued' | 'platformUnavailable'>>(
        declined ? apiError('userError', 'notIssued', `the central platform declined to issue the proof (http ${issued.error.status})`) : apiError('deviceNotReady', 'platformUnavailable', `the central platform could not issue the proof (${issued.error.kind})`),
      );
    }
    const proof = issued.value;
    // pdfkit and the CJK font load only when a proof is printed, not at boot.
    const { renderProofPdf } = await import('../printing/pdf/proofDocument');
    const pdf = await renderProofPdf({
      title: proof.title,
      documentNumber: proof.proofId,
      holderName: card.name,
      // Printed masked like receipts: the proof's verification code, not the sheet, is the evidence.
      holderIdNumber: maskIdNumber(card.idNumber),
      rows: proof.rows,
      statement: proof.statement,
      issuingDepartment: proof.issuingDepartment,
      issuedAt: proof.issuedAt,
      verificationCode: proof.verificationCode,
      verifyUrl: proof.verifyUrl,
      footer: `本证明由政务服务自助终端 ${ctx.config.kiosk.code} 打印 · 演示平台数据,非真实证明`,
    });
    const job = await printing.printPdf('a4Printer', pdf, { document: 'proof', jobId: `proof:${proof.proofId}`, title: `proof ${proof.proofId}` });
    log.info('proofs.printed', { kind, proofId: proof.proofId, outcome: job.state });
    return ok({ proofId: proof.proofId, title: proof.title, verificationCode: proof.verificationCode, print: receiptOutcomeOf(job) });
  };

  ctx.router.register('Proof.Print', async (input) => {
    const session = ctx.sessions.active;
    const card = session && sessionIdCard(session);
    if (!session || !card) return err(apiError('sequenceError', 'noCardRead', 'Proof.Print needs an ID card read in this session'));
    if (!card.checkDigitValid) return err(apiError('userError', 'checkDigitInvalid', 'the ID card number fails its check digit; proofs are issued at a staffed window'));
    const key = `${session.info.sessionId}:${input.idempotencyKey}`;
    const previous = done.get(key);
    if (previous) return previous;
    const running = printProof(input.kind, card);
    done.set(key, running);
    return running;
  });
}
