// Certificates ready for collection (自助取证): first the certificates of the holder's cases that
// the back office moved to 待领取 (found by the keyed hash of the ID number), then one fictitious,
// deterministic demo certificate per holder (a 不动产权证书 with a print quota of one). Prints
// kiosks record as `certificate.printed` events are counted (certificate_prints): the quota is
// consumed only by a confirmed print, exactly once per event, however often a kiosk retries.
import { createHash } from 'node:crypto';
import { ReadyCertificatesRequest, type ReadyCertificate } from '../../../src-common/wire/proofsWire';
import { describeIssues, kioskRoute, sendError, type PlatformRoutes } from '../routeContext';

const QUOTA = 1;

export const certificatePickupRoutes: PlatformRoutes = (app, ctx) => {
  app.post('/v1/certificates/ready', kioskRoute(ctx), async (request, reply) => {
    const parsed = ReadyCertificatesRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, 'invalid', describeIssues(parsed.error.issues), ctx.now());
    const { holder } = parsed.data;
    const hash = createHash('sha256').update(holder.idNumber).digest('hex');
    const certificateNumber = `C-BDC-420200-${hash.slice(0, 8).toUpperCase()}`;
    const fields = {
      holderName: holder.name,
      itemName: '不动产权证书',
      validity: '长期',
      issuingDepartment: '黄石市不动产登记中心',
      issuedDate: '2026年11月20日',
      certificateNumber: `鄂(2026)黄石市不动产权第${Number.parseInt(hash.slice(8, 14), 16).toString().padStart(7, '0').slice(0, 7)}号`,
    };
    // Created on first ask for this holder; the masked name is what the platform shows admins.
    const { printQuota, printed } = await ctx.store.reference.ensureCertificate({ certificateNumber, kind: 'realEstate', holderNameMasked: `${Array.from(holder.name)[0]}*`, fields, printQuota: QUOTA });
    const demo: ReadyCertificate = { certificateNumber, title: '不动产权证书', fields, remainingQuota: Math.max(0, printQuota - printed) };
    return { certificates: [...(await ctx.store.cases.readyCertificates(holder.name, holder.idNumber)), demo] };
  });
};
