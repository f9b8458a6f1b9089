// The Application.* API adapter: submit for the citizen of the active session, wait for the
// platform's acknowledgement, and list the cases of this session.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { ApplicationService } from './ApplicationService';

export function registerApplicationsApi(ctx: CoreContext, service: ApplicationService): void {
  const noSession = () => err(apiError('sequenceError', 'noSession', 'this method needs an active citizen session'));
  ctx.router.register('Application.Submit', async (input) => {
    const session = ctx.sessions.active;
    // The router's guard admits Submit only with an active session; one that ended meanwhile has no card.
    return session ? service.submit(session, input) : err(apiError('sequenceError', 'noCardRead', 'the session ended before the submission'));
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
}
