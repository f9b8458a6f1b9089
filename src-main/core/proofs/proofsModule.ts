// 自助打印证明: issues a proof at the platform for the citizen whose card was read in this session,
// lets the citizen check it (Proof.Issue), then prints that same proof on the A4 printer (Proof.Print),
// reporting what the printer says. Online only: a proof is the platform's statement, and the kiosk
// never makes one up. An issued proof is held in memory for the session only, never stored.
import { apiError, type ApiError } from '../../../src-common/api/envelope';
import type { IdCardData } from '../../../src-common/api/devices';
import { maskIdNumber, maskName } from '../../../src-common/privacy/redact';
import { IssuedProof, type ProofKind } from '../../../src-common/wire/proofsWire';
import { err, ok, type Result } from '../../../src-common/result';
import { sessionIdCard } from '../applications/sessionIdCard';
import type { CoreModule } from '../CoreContext';
import { receiptOutcomeOf } from '../printing/receiptOutcome';
import { displayProofNumber } from './proofNumber';

/** One issued proof of the session, waiting to be printed under its idempotency key. */
type Issued = Result<IssuedProof, ApiError>;

export const proofsModule: CoreModule = {
  name: 'proofs',
  start(ctx) {
    const log = ctx.log.child('proofs');
    /** Issued proofs and print results by idempotency key for this session: a double tap issues and prints once. */
    const issued = new Map<string, Promise<Issued>>();
    const printed = new Map<string, Promise<unknown>>();
    ctx.sessions.onWipe(() => {
      issued.clear();
      printed.clear();
    });

    const cardOrRefusal = (): Result<IdCardData, ApiError> => {
      const card = ctx.sessions.active && sessionIdCard(ctx.sessions.active);
      if (!card) return err(apiError('sequenceError', 'proofs need an ID card read in this session'));
      if (!card.checkDigitValid) return err(apiError('userError', 'the ID card number fails its check digit; proofs are issued at a staffed window'));
      return ok(card);
    };

    /** Issues once per key (the preview and the print share it). */
    const issue = (key: string, kind: ProofKind, card: IdCardData): Promise<Issued> => {
      const previous = issued.get(key);
      if (previous) return previous;
      const running = (async (): Promise<Issued> => {
        const platform = ctx.services.platform;
        if (!platform) return err(apiError('deviceNotReady', 'no central platform is configured for this kiosk'));
        const answer = await platform.signed('POST', '/v1/proofs/issue', { kind, holder: { name: card.name, idNumber: card.idNumber } }, IssuedProof);
        if (!answer.ok) {
          log.warn('proofs.issue_failed', { kind, failure: answer.error.kind });
          return err(apiError('deviceNotReady', `the central platform could not issue the proof (${answer.error.kind})`));
        }
        return ok(answer.value);
      })();
      issued.set(key, running);
      // A failed issue may be tried again with the same key.
      void running.then((r) => !r.ok && issued.get(key) === running && issued.delete(key));
      return running;
    };

    ctx.router.register('Proof.Issue', async (input) => {
      const card = cardOrRefusal();
      if (!card.ok) return card;
      const proof = await issue(`${ctx.sessions.active!.info.sessionId}:${input.idempotencyKey}`, input.kind, card.value);
      if (!proof.ok) return proof;
      return ok({
        kind: proof.value.kind,
        title: proof.value.title,
        documentNumber: displayProofNumber(proof.value.proofId),
        holderName: maskName(card.value.name),
        holderIdNumber: maskIdNumber(card.value.idNumber),
        rows: proof.value.rows,
        statement: proof.value.statement,
        issuingDepartment: proof.value.issuingDepartment,
        issuedAt: proof.value.issuedAt,
        verificationCode: proof.value.verificationCode,
      });
    });

    ctx.router.register('Proof.Print', async (input) => {
      const card = cardOrRefusal();
      if (!card.ok) return card;
      const printing = ctx.services.printing;
      if (!printing) return err(apiError('deviceNotReady', 'no print service is running'));
      const key = `${ctx.sessions.active!.info.sessionId}:${input.idempotencyKey}`;
      const previous = printed.get(key);
      if (previous) return (await previous) as Awaited<ReturnType<typeof run>>;
      const run = async () => {
        const answer = await issue(key, input.kind, card.value);
        if (!answer.ok) return answer;
        const proof = answer.value;
        // pdfkit and the CJK font load only when a proof is printed, not at boot.
        const { renderProofPdf } = await import('../printing/pdf/proofDocument');
        const pdf = await renderProofPdf({
          title: proof.title,
          documentNumber: displayProofNumber(proof.proofId),
          holderName: card.value.name,
          // Printed masked like receipts: the proof's verification code, not the sheet, is the evidence.
          holderIdNumber: maskIdNumber(card.value.idNumber),
          rows: proof.rows,
          statement: proof.statement,
          issuingDepartment: proof.issuingDepartment,
          issuedAt: proof.issuedAt,
          verificationCode: proof.verificationCode,
          verifyUrl: proof.verifyUrl,
          footer: `本证明由政务服务自助终端 ${ctx.config.kiosk.code} 打印 · 演示平台数据，非真实证明`,
        });
        const job = await printing.printPdf('a4Printer', pdf, { document: 'proof', jobId: `proof:${proof.proofId}`, title: `proof ${proof.proofId}` });
        log.info('proofs.printed', { kind: input.kind, proofId: proof.proofId, outcome: job.state });
        return ok({ proofId: proof.proofId, title: proof.title, verificationCode: proof.verificationCode, print: receiptOutcomeOf(job) });
      };
      const running = run();
      printed.set(key, running);
      return running;
    });
  },
};
