// 自助打印证明: issues a proof at the platform for the citizen whose card was read in this session
// and prints it on the A4 printer, reporting what the printer says. Online only: a proof is the
// platform's statement, and the kiosk never makes one up. Nothing of the proof is stored here.
import { apiError } from '../../../src-common/api/envelope';
import { maskIdNumber } from '../../../src-common/privacy/redact';
import { IssuedProof } from '../../../src-common/wire/proofsWire';
import { err, ok } from '../../../src-common/result';
import { sessionIdCard } from '../applications/sessionIdCard';
import type { CoreModule } from '../CoreContext';
import { receiptOutcomeOf } from '../printing/receiptOutcome';

export const proofsModule: CoreModule = {
  name: 'proofs',
  start(ctx) {
    const log = ctx.log.child('proofs');
    /** Results by idempotency key for this session: a double tap prints once. */
    const done = new Map<string, Promise<unknown>>();
    ctx.sessions.onWipe(() => done.clear());

    ctx.router.register('Proof.Print', async (input) => {
      const session = ctx.sessions.active!;
      const card = sessionIdCard(session);
      if (!card) return err(apiError('sequenceError', 'Proof.Print needs an ID card read in this session'));
      if (!card.checkDigitValid) return err(apiError('userError', 'the ID card number fails its check digit; proofs are issued at a staffed window'));
      const platform = ctx.services.platform;
      const printing = ctx.services.printing;
      if (!platform) return err(apiError('deviceNotReady', 'no central platform is configured for this kiosk'));
      if (!printing) return err(apiError('deviceNotReady', 'no print service is running'));
      const key = `${session.info.sessionId}:${input.idempotencyKey}`;
      const previous = done.get(key);
      if (previous) return (await previous) as Awaited<ReturnType<typeof run>>;
      const run = async () => {
        const issued = await platform.signed('POST', '/v1/proofs/issue', { kind: input.kind, holder: { name: card.name, idNumber: card.idNumber } }, IssuedProof);
        if (!issued.ok) {
          log.warn('proofs.issue_failed', { kind: input.kind, failure: issued.error.kind });
          return err(apiError('deviceNotReady', `the central platform could not issue the proof (${issued.error.kind})`));
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
        log.info('proofs.printed', { kind: input.kind, proofId: proof.proofId, outcome: job.state });
        return ok({ proofId: proof.proofId, title: proof.title, verificationCode: proof.verificationCode, print: receiptOutcomeOf(job) });
      };
      const running = run();
      done.set(key, running);
      return running;
    });
  },
};
