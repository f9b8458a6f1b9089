// The applications domain of the core: Application.Submit, Application.WaitAcknowledged and
// Application.SessionCases over the ApplicationService. Starts after storage, catalog and
// printing (it writes through the outbox and prints the receipt), before sync.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext, CoreModule } from '../CoreContext';
import { ApplicationService } from './ApplicationService';

export const applicationsModule: CoreModule = {
  name: 'applications',
  start(ctx: CoreContext) {
    const { db, outbox, catalog, printing } = ctx.services;
    if (!db || !outbox || !catalog) throw new Error('applications: the storage and catalog modules must start first');
    const log = ctx.log.child('applications');
    const trackingUrlTemplate = ctx.config.applications.trackingUrlTemplate;
    const service = new ApplicationService({
      db,
      outbox,
      catalog: () => catalog.current,
      ...(printing ? { printing } : {}),
      kioskCode: ctx.config.kiosk.code,
      hallName: ctx.config.kiosk.hallName.zh,
      ...(trackingUrlTemplate ? { trackingUrlTemplate } : {}),
      log,
      registerSensitive: (value) => ctx.log.redactor.registerSensitive(value),
    });
    ctx.services.applications = service;
    ctx.sessions.onWipe((session) => service.forgetSession(session.info.sessionId));
    ctx.onShutdown(() => service.dispose());

    const noSession = () => err(apiError('sequenceError', 'this method needs an active citizen session'));
    ctx.router.register('Application.Submit', async (input) => {
      const session = ctx.sessions.active;
      return session ? service.submit(session, input) : noSession();
    });
    ctx.router.register('Application.WaitAcknowledged', async (input, call) => {
      const session = ctx.sessions.active;
      if (!session) return noSession();
      return service.waitAcknowledged(session, input.caseNumber, input.timeoutSeconds * 1000, AbortSignal.any([call.signal, session.abort.signal]));
    });
    ctx.router.register('Application.SessionCases', async () => {
      const session = ctx.sessions.active;
      return session ? ok({ cases: service.sessionCases(session) }) : noSession();
    });
  },
};
