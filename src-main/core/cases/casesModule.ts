// Case progress queries (自助查询): asks the central platform for a case's status. Online only:
// the kiosk keeps no copy of other kiosks' cases, and an offline answer would be a guess.
import { apiError } from '../../../src-common/api/envelope';
import { ok } from '../../../src-common/result';
import type { CoreModule } from '../CoreContext';

export const casesModule: CoreModule = {
  name: 'cases',
  start(ctx) {
    const log = ctx.log.child('cases');
    ctx.router.register('Case.Query', async (input) => {
      const platform = ctx.services.platform;
      if (!platform) return { ok: false, error: apiError('deviceNotReady', 'no central platform is configured for this kiosk') };
      const answer = await platform.caseStatus(input.caseNumber);
      if (answer.ok) return ok(answer.value);
      const failure = answer.error;
      if (failure.kind === 'http' && failure.status === 404) return { ok: false, error: apiError('userError', `case ${input.caseNumber} is not known to the platform`) };
      log.warn('cases.query_failed', { kind: failure.kind });
      return { ok: false, error: apiError('deviceNotReady', `the central platform cannot be reached (${failure.kind})`) };
    });
  },
};
