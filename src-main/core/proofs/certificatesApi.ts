// 自助取证: certificates ready for the holder of the card read in this session, printed on the
// certificate printer onto preprinted stock (with its calibration offset). The print quota is
// consumed only by a confirmed print (design.md §5): after a `printed` outcome the kiosk records a
// `certificate.printed` outbox event, which the platform counts exactly once; prints not yet
// acknowledged are counted here too, so an offline kiosk cannot print past the quota.
import type Database from 'better-sqlite3';
import type { IdCardData } from '../../../src-common/api/devices';
import { apiError, type MethodError } from '../../../src-common/api/envelope';
import { err, ok, type Result } from '../../../src-common/result';
import { CERTIFICATE_PRINTED_KIND, ReadyCertificatesResponse, type ReadyCertificate } from '../../../src-common/wire/proofsWire';
import type { CoreContext } from '../CoreContext';
import type { FaceCheckService } from '../faceCheck/FaceCheckService';
import type { Outbox } from '../outbox/Outbox';
import type { PrintService } from '../printing/PrintService';
import { receiptOutcomeOf } from '../printing/receiptOutcome';
import { sessionIdCard } from '../session/sessionIdCard';
import type { PlatformClient } from '../sync/PlatformClient';

export interface CertificatesApiServices {
  /** 取证 always needs 人证核验 of the card holder (issue #16 item 16): refused without it. */
  readonly faceCheck: FaceCheckService;
  readonly platform: PlatformClient;
  readonly printing: PrintService;
  readonly outbox: Outbox;
  readonly db: Database.Database;
}

/** Prints of a certificate this kiosk has recorded but the platform has not acknowledged yet. */
function unacknowledgedPrints(db: Database.Database, certificateNumber: string): number {
  return db.prepare("SELECT COUNT(*) FROM outbox_jobs WHERE kind = ? AND stream_key = ? AND state IN ('pending', 'inFlight')").pluck().get(CERTIFICATE_PRINTED_KIND, certificateNumber) as number;
}

export function registerCertificatesApi(ctx: CoreContext, { faceCheck, platform, printing, outbox, db }: CertificatesApiServices): void {
  const log = ctx.log.child('certificates');

  const cardOrRefusal = (): Result<IdCardData, MethodError<'noCardRead' | 'checkDigitInvalid' | 'faceCheckRequired'>> => {
    const session = ctx.sessions.active;
    const card = session && sessionIdCard(session);
    if (!session || !card) return err(apiError('sequenceError', 'noCardRead', 'needs an ID card read in this session'));
    if (!card.checkDigitValid) return err(apiError('userError', 'checkDigitInvalid', 'the ID card number fails its check digit; certificates are handed out at a staffed window'));
    if (!faceCheck.isVerified(session)) return err(apiError('sequenceError', 'faceCheckRequired', 'certificates are handed out after 人证核验 (FaceCheck.Verify) of the card holder'));
    return ok(card);
  };

  const readyFor = async (card: IdCardData): Promise<Result<ReadyCertificate[], MethodError<'platformUnavailable'>>> => {
    const answer = await platform.signed('POST', '/v1/certificates/ready', { holder: { name: card.name, idNumber: card.idNumber } }, ReadyCertificatesResponse);
    if (!answer.ok) return err(apiError('deviceNotReady', 'platformUnavailable', `the central platform cannot be reached (${answer.error.kind})`));
    return ok(answer.value.certificates.map((c) => ({ ...c, remainingQuota: Math.max(0, c.remainingQuota - unacknowledgedPrints(db, c.certificateNumber)) })));
  };

  ctx.router.register('Certificate.Ready', async () => {
    const card = cardOrRefusal();
    if (!card.ok) return card;
    const ready = await readyFor(card.value);
    if (!ready.ok) return ready;
    return ok({
      certificates: ready.value.map((c) => ({
        certificateNumber: c.certificateNumber,
        title: c.title,
        itemName: c.fields.itemName ?? c.title,
        issuingDepartment: c.fields.issuingDepartment ?? '',
        remainingQuota: c.remainingQuota,
      })),
    });
  });

  ctx.router.register('Certificate.Print', async (input) => {
    const card = cardOrRefusal();
    if (!card.ok) return card;
    const ready = await readyFor(card.value);
    if (!ready.ok) return ready;
    const certificate = ready.value.find((c) => c.certificateNumber === input.certificateNumber);
    if (!certificate) return err(apiError('userError', 'notReady', `certificate ${input.certificateNumber} is not ready for this holder`));
    if (certificate.remainingQuota === 0) return err(apiError('userError', 'quotaUsed', `certificate ${input.certificateNumber} has no prints left (already collected)`));
    const printer = printing.printers().find((p) => p.printerClass === 'certificatePrinter');
    const { renderCertificatePdf, SAMPLE_CERTIFICATE_STOCK } = await import('../printing/pdf/certificateDocument');
    const pdf = await renderCertificatePdf(SAMPLE_CERTIFICATE_STOCK, certificate.fields, {
      createdAt: new Date().toISOString(),
      ...(printer ? { offset: printing.calibrationFor(printer.deviceId) } : {}),
    });
    const jobId = `certificate:${certificate.certificateNumber}:${input.idempotencyKey}`;
    const job = await printing.printPdf('certificatePrinter', pdf, { document: 'certificate', jobId, title: `certificate ${certificate.certificateNumber}` });
    let remaining = certificate.remainingQuota;
    if (job.state === 'printed') {
      const recorded = outbox.enqueue({ kind: CERTIFICATE_PRINTED_KIND, streamKey: certificate.certificateNumber, payload: { certificateNumber: certificate.certificateNumber, printJobId: jobId } });
      if (!recorded.ok) log.error('certificates.print_not_recorded', { certificateNumber: certificate.certificateNumber, error: recorded.error.message });
      remaining -= 1;
    }
    log.info('certificates.printed', { certificateNumber: certificate.certificateNumber, outcome: job.state });
    return ok({ certificateNumber: certificate.certificateNumber, title: certificate.title, print: receiptOutcomeOf(job), remainingQuota: remaining });
  });
}
