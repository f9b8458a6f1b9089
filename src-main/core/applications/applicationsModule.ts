// The applications domain of the core: the ApplicationService (submit with a case number and its
// outbox job in one transaction, the acceptance receipt, acknowledgement) and the fees of this
// session's cases for the fees domain; serves Application.* (applicationsApi.ts).
import { defineModule } from '../composition/CoreModule';
import { CatalogProviderId } from '../catalog/CatalogProvider';
import { FaceCheckServiceId } from '../faceCheck/FaceCheckService';
import { SessionCaseFeesId, type SessionCaseFees } from '../payments/fees/payables';
import { PrintServiceId } from '../printing/PrintService';
import type { ActiveSession, SessionService } from '../session/SessionService';
import { KioskDatabaseId, OutboxId } from '../storage/storageServices';
import { registerApplicationsApi } from './applicationsApi';
import { ApplicationService, ApplicationServiceId } from './ApplicationService';

export const applicationsModule = defineModule({
  name: 'applications',
  requires: { db: KioskDatabaseId, outbox: OutboxId, catalog: CatalogProviderId },
  optional: { printing: PrintServiceId, faceCheck: FaceCheckServiceId },
  provides: { applications: ApplicationServiceId, caseFees: SessionCaseFeesId },
  start(ctx, { db, outbox, catalog, printing, faceCheck }) {
    const trackingUrlTemplate = ctx.config.applications.trackingUrlTemplate;
    const service = new ApplicationService({
      db,
      outbox,
      catalog: () => catalog.current,
      ...(printing ? { printing } : {}),
      ...(faceCheck ? { faceVerified: (session: ActiveSession) => faceCheck.isVerified(session) } : {}),
      kioskCode: ctx.config.kiosk.code,
      hallName: ctx.config.kiosk.hallName.zh,
      ...(trackingUrlTemplate ? { trackingUrlTemplate } : {}),
      log: ctx.log.child('applications'),
      registerSensitive: (value) => ctx.log.redactor.registerSensitive(value),
    });
    ctx.sessions.onWipe((session) => service.forgetSession(session.info.sessionId));
    ctx.onStop(() => service.dispose());
    registerApplicationsApi(ctx, service);
    return { applications: service, caseFees: sessionCaseFees(service, ctx.sessions) };
  },
});

/** The fees of the current session's cases, as the fees domain reads and marks them. */
function sessionCaseFees(applications: ApplicationService, sessions: SessionService): SessionCaseFees {
  return {
    caseFee(caseNumber) {
      const session = sessions.active;
      const row = session ? applications.sessionCase(session.info.sessionId, caseNumber) : undefined;
      return row ? { caseNumber: row.caseNumber, name: row.name, feeFen: row.feeFen, paid: row.paidAt !== null } : undefined;
    },
    markPaid(caseNumber, paidAt) {
      applications.markPaid(caseNumber, paidAt);
    },
  };
}
