// The Case.Query API adapter (自助查询): asks the central platform for a case's status. Online
// only: the kiosk keeps no copy of other kiosks' cases, and an offline answer would be a guess.
import { apiError } from '../../../src-common/api/envelope';
import { err, ok } from '../../../src-common/result';
import type { CoreContext } from '../CoreContext';
import type { PlatformClient } from '../sync/PlatformClient';

export function registerCasesApi(ctx: CoreContext, platform: PlatformClient): void {
  const log = ctx.log.child('cases');
  ctx.router.register('Case.Query', async (input) => {
    const answer = await platform.caseStatus(input.caseNumber);
    if (answer.ok) {
      // What the screen shows, no more: the fee and the history stay with the platform's answer.
      const { caseNumber, status, serviceName, service, updatedAt, note } = answer.value;
      return ok({ caseNumber, status, serviceName, ...(service ? { service } : {}), updatedAt, ...(note ? { note } : {}) });
    }
    const failure = answer.error;
    if (failure.kind === 'http' && failure.status === 404) return err(apiError('userError', 'caseNotFound', `case ${input.caseNumber} is not known to the platform`));
    log.warn('cases.query_failed', { kind: failure.kind });
    return err(apiError('deviceNotReady', 'platformUnavailable', `the central platform cannot be reached (${failure.kind})`));
  });
}
